import { ADMIN_ROLES, NATION_CODE, hasRole, roles, type Caller } from '@edugraph/shared';
import type { OriginLevel } from './catalog.ts';

/**
 * Who sees a resource (enforced on every list, lookup, reference and feed):
 * - once PUBLISHED, everyone in the subtree of its `audience`: the nation for national
 *   resources (and provincial ones shared upward and approved nationally), the province for
 *   provincial ones (cities and counties count as provincial), the school for a school's own;
 * - at any status, the owning organization's administrators, reviewers and service clients,
 *   and those of every level above it (the tenancy contract: the caller's organization is on
 *   the resource's `orgPath`);
 * - its author, while it is not yet published.
 */
export interface VisibilityFields {
  orgPath: readonly string[];
  audience: string;
  status: string;
  createdBy: string;
}

/** Administrators, reviewers and service clients see unpublished resources of their subtree. */
export function seesUnpublished(caller: Caller): boolean {
  return caller.isService || hasRole(caller, ...ADMIN_ROLES, roles.RESOURCE_REVIEWER);
}

export function canSeeResource(caller: Caller | null, doc: VisibilityFields): boolean {
  if (!caller) return false;
  if (doc.status === 'PUBLISHED' && caller.orgPath.includes(doc.audience)) return true;
  if (!doc.orgPath.includes(caller.organization)) return false;
  return seesUnpublished(caller) || doc.createdBy === caller.subject;
}

/** The MongoDB filter matching exactly the resources `canSeeResource` allows. */
export function visibilityFilter(caller: Caller): Record<string, unknown> {
  const published = { status: 'PUBLISHED', audience: { $in: [...caller.orgPath] } };
  const owned = seesUnpublished(caller)
    ? { orgPath: caller.organization }
    : { orgPath: caller.organization, createdBy: caller.subject };
  return { $or: [published, owned] };
}

/** Origin level of an organization path: the nation, a region under it, or a school. */
export function originLevelOf(orgPath: readonly string[]): OriginLevel {
  const org = orgPath.at(-1) ?? NATION_CODE;
  if (org === NATION_CODE) return 'NATIONAL';
  return /^\d{10}$/.test(org) ? 'SCHOOL' : 'PROVINCIAL';
}

/** Who sees a newly published resource: the nation, its province, or its school. */
export function defaultAudience(orgPath: readonly string[]): string {
  const level = originLevelOf(orgPath);
  if (level === 'NATIONAL') return NATION_CODE;
  if (level === 'SCHOOL') return orgPath.at(-1)!;
  return orgPath[1] ?? NATION_CODE;
}

/** Where sharing upward takes a resource: a school's to its province, a province's to the nation. */
export function sharingTarget(orgPath: readonly string[], audience: string): string | null {
  if (audience === NATION_CODE) return null;
  if (/^\d{10}$/.test(audience)) return orgPath[1] ?? NATION_CODE;
  return NATION_CODE;
}
