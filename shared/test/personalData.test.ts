import { describe, expect, it } from 'vitest';
import type { Caller } from '../src/auth/caller.ts';
import {
  isParentOnly,
  isPersonalIdentifier,
  maskerOf,
  unmasksPersonalData,
} from '../src/personalData/masking.ts';
import { nameProblem, prefixRegex } from '../src/validation/text.ts';

const user = (roles: string[], scopes: string[] = ['personal-data']): Caller => ({
  subject: 'u',
  clientId: 'portal',
  organization: '2133000001',
  orgPath: ['100000', '330000', '330100', '330102', '2133000001'],
  roles,
  scopes,
  isService: false,
});

describe('personal data rules', () => {
  it('tells registry and ID numbers from staff numbers, codes and chosen usernames', () => {
    for (const v of ['G330102201301011236', 'J330102201301011236', '33010220130101123X', 'L330102201301'])
      expect(isPersonalIdentifier(v), v).toBe(true);
    for (const v of ['21330000010001', '2133000001', 'gd.admin', 'demo.student', 'G7', 'Guo.Li'])
      expect(isPersonalIdentifier(v), v).toBe(false);
  });

  it('masks person numbers only when they are registry or ID numbers, also inside a result key', () => {
    const mask = maskerOf('PERSON_NUMBER');
    expect(mask('G330102201301011236', {})).toBe('G330***********1236');
    expect(mask('person:G330102201301011236', {})).toBe('person:G330***********1236');
    expect(mask('21330000010001', {})).toBe('21330000010001');
    expect(mask('class:2133000001202501', {})).toBe('class:2133000001202501');
  });

  it('never unmasks for pupils and parents, whatever scopes their client asked for', () => {
    expect(unmasksPersonalData(user(['STUDENT']))).toBe(false);
    expect(unmasksPersonalData(user(['PARENT']))).toBe(false);
    expect(unmasksPersonalData(user(['TEACHER']))).toBe(true);
    expect(unmasksPersonalData(user(['TEACHER'], []))).toBe(false);
    expect(isParentOnly(user(['PARENT']))).toBe(true);
    expect(isParentOnly(user(['PARENT', 'TEACHER']))).toBe(false);
  });

  it('refuses names with control or text-direction characters or a formula-like start', () => {
    expect(nameProblem('王\u202E芳')).toMatch(/U\+202E/);
    expect(nameProblem('李\u2067明')).toMatch(/U\+2067/);
    expect(nameProblem('张\t三')).toMatch(/U\+0009/);
    for (const n of ['=1+1', ' +86', '-x', '@SUM(1)']) expect(nameProblem(n), n).toMatch(/formula/);
    for (const n of ['王芳', 'Anne-Marie', 'O’Neil', '李 明']) expect(nameProblem(n), n).toBeUndefined();
  });

  it('escapes and bounds search prefixes', () => {
    expect(prefixRegex('a.*(', 'namePrefix')).toBe('^a\\.\\*\\(');
    expect(prefixRegex('', 'namePrefix')).toBeUndefined();
    expect(() => prefixRegex('张'.repeat(65), 'filter.namePrefix')).toThrow(/at most 64/);
  });
});
