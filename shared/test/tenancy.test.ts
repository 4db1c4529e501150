import { describe, expect, it } from 'vitest';
import { roles, type Caller } from '../src/auth/caller.ts';
import {
  canSeeOrgPath,
  requireRole,
  requireScope,
  requireWithinSubtree,
  withinSubtree,
} from '../src/auth/tenancy.ts';

const caller = (organization: string, orgPath: string[], extra: Partial<Caller> = {}): Caller => ({
  subject: 'u1',
  clientId: 'portal',
  organization,
  orgPath,
  roles: [],
  scopes: [],
  isService: false,
  ...extra,
});

const zhejiang = caller('330000', ['100000', '330000'], {
  roles: [roles.PROVINCIAL_ADMIN],
  scopes: ['datacenter:read'],
});
const school = caller('2133000001', ['100000', '330000', '330100', '330102', '2133000001']);
const recordInHangzhouSchool = ['100000', '330000', '330100', '330102', '2133000001'];
const recordInGuangdong = ['100000', '440000', '440100', '440106', '2144000001'];

describe('tenancy', () => {
  it('lets a province see its subtree and nothing of another province', () => {
    expect(canSeeOrgPath(zhejiang, recordInHangzhouSchool)).toBe(true);
    expect(canSeeOrgPath(zhejiang, recordInGuangdong)).toBe(false);
    expect(canSeeOrgPath(school, ['100000', '330000', '330100', '330102', '2133000002'])).toBe(false);
    expect(canSeeOrgPath(null, recordInHangzhouSchool)).toBe(false);
  });

  it('adds the subtree to a query filter', () => {
    expect(withinSubtree(zhejiang, {})).toEqual({ orgPath: '330000' });
    expect(withinSubtree(zhejiang, { grade: 3 })).toEqual({ $and: [{ grade: 3 }, { orgPath: '330000' }] });
  });

  it('refuses missing scopes, roles and organizations with codes a client can act on', () => {
    expect(() => requireScope(zhejiang, 'personal-data')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'FORBIDDEN', requiredScopes: ['personal-data'] }),
      }),
    );
    expect(() => requireScope(undefined, 'datacenter:read')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
    expect(() => requireRole(school, roles.SCHOOL_ADMIN)).toThrow(/SCHOOL_ADMIN/);
    expect(() => requireWithinSubtree(zhejiang, recordInGuangdong, 'school')).toThrow(
      /outside your organization/,
    );
    expect(requireScope(zhejiang, 'datacenter:read')).toBe(zhejiang);
  });
});
