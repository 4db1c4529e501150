import {
  errors,
  hasScope,
  requireCaller,
  requireWithinSubtree,
  roles,
  scopes,
  type Caller,
  type Role,
} from '@edugraph/shared';
import type { Organization, OrgTree } from './orgTree.ts';

/** Administrator roles by the depth of the organization they administer (nation = 1). */
const ADMIN_LEVEL: Partial<Record<Role, number>> = {
  NATIONAL_ADMIN: 1,
  PROVINCIAL_ADMIN: 2,
  CITY_ADMIN: 3,
  COUNTY_ADMIN: 4,
  SCHOOL_ADMIN: 5,
};

/** The depth of the highest administrator role the caller holds, or undefined. */
export function adminLevel(caller: Caller): number | undefined {
  const levels = caller.roles.map((r) => ADMIN_LEVEL[r as Role]).filter((l): l is number => l !== undefined);
  return levels.length ? Math.min(...levels) : undefined;
}

/** Identity administration needs the `identity:admin` scope and an administrator role. */
export function requireIdentityAdmin(caller: Caller | null | undefined): Caller {
  const c = requireCaller(caller);
  if (!hasScope(c, scopes.IDENTITY_ADMIN)) throw errors.missingScope([scopes.IDENTITY_ADMIN]);
  if (adminLevel(c) === undefined)
    throw errors.forbidden('Managing users and clients needs an administrator role.', {
      requiredRoles: Object.keys(ADMIN_LEVEL),
    });
  return c;
}

/**
 * Only a national administrator (the bootstrap client is one) registers first-party clients:
 * they skip the consent page, so users are never asked before their data goes to them.
 */
export function requireNationalAdmin(caller: Caller): void {
  if (adminLevel(caller) !== 1 || caller.orgPath.length !== 1)
    throw errors.forbidden(
      'Only a national administrator registers first-party clients (no consent page); leave firstParty false and users will be asked to allow the client.',
      { field: 'firstParty' },
    );
}

/**
 * Refuses roles the caller may not grant to an account of `orgPath`: administrator roles
 * above the caller's own level, or not matching the account organization's level (a
 * provincial administrator belongs to a province).
 */
export function checkAssignableRoles(
  caller: Caller,
  wanted: readonly string[],
  orgPath: readonly string[],
): void {
  const own = adminLevel(caller);
  if (own === undefined) throw errors.forbidden('Assigning roles needs an administrator role.');
  for (const role of wanted) {
    if (!(role in roles)) throw errors.badInput(`${role} is not a role.`, { field: 'roles' });
    const level = ADMIN_LEVEL[role as Role];
    if (level === undefined) continue;
    if (level < own)
      throw errors.forbidden(`You cannot grant ${role}: it is above your own administrator level.`, {
        field: 'roles',
      });
    if (level !== orgPath.length)
      throw errors.badInput(
        `${role} belongs to an organization at depth ${level} of the tree; ${orgPath.at(-1)} is at depth ${orgPath.length}.`,
        { field: 'roles' },
      );
  }
}

/** A client may only get scopes its registering administrator holds. */
export function checkGrantableScopes(caller: Caller, wanted: readonly string[]): void {
  const known = new Set<string>(Object.values(scopes));
  for (const scope of wanted) {
    if (!known.has(scope))
      throw errors.badInput(`${scope} is not a scope of the hub (known: ${[...known].join(', ')}).`, {
        field: 'scopes',
      });
    if (!caller.scopes.includes(scope))
      throw errors.forbidden(`You cannot grant the scope ${scope}: your own token does not hold it.`, {
        field: 'scopes',
      });
  }
}

/**
 * The one gate of identity administration: every mutation that names an organization or acts
 * on a user or client of one comes through here. The organization's place comes from the
 * organization tree (the data center), never from the request; `regionCode`, when a caller
 * still sends it, is only a cross-check that must agree. The caller must sit on that path (its
 * own organization or an ancestor), and for an existing record also on the path stored with it.
 */
export async function requireManagedOrganization(
  tree: OrgTree,
  caller: Caller,
  target: {
    organization: string;
    regionCode?: string | null;
    /** The path stored on an existing user or client. */
    storedPath?: readonly string[];
    field?: string;
  },
): Promise<Organization> {
  const field = target.field ?? 'organization';
  const org = await tree.resolve(target.organization, field);
  const regionCode = target.regionCode?.trim();
  if (regionCode) {
    const where = org.path.length > 1 && org.code.length === 10 ? org.path.at(-2)! : org.code;
    if (regionCode !== where)
      throw errors.badInput(
        `regionCode ${regionCode} disagrees with the data center: ${org.code} sits in ${where}. Leave regionCode out; the data center decides.`,
        { field: field === 'organization' ? 'regionCode' : field.replace(/organization$/, 'regionCode') },
      );
  }
  requireWithinSubtree(caller, org.path);
  if (target.storedPath) requireWithinSubtree(caller, target.storedPath);
  return org;
}
