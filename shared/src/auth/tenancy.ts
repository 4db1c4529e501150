import { errors } from '../errors.ts';
import type { Caller, Role } from './caller.ts';

/**
 * Tenancy: every record stores `orgPath`, the codes from the nation to the organization that
 * owns it. A caller sees a record when the caller's organization is on that path (its own
 * organization or an ancestor of it), so a province sees its subtree and nothing else.
 */
export function requireCaller(caller: Caller | null | undefined): Caller {
  if (!caller)
    throw errors.unauthenticated(
      'no bearer token',
      'Sign in: this needs a bearer token from the EduGraph identity provider.',
    );
  return caller;
}

export function hasScope(caller: Caller | null | undefined, ...anyOf: readonly string[]): boolean {
  return Boolean(caller && anyOf.some((s) => caller.scopes.includes(s)));
}

/** Throws FORBIDDEN naming the scopes unless the caller holds one of them. */
export function requireScope(caller: Caller | null | undefined, ...anyOf: readonly string[]): Caller {
  const c = requireCaller(caller);
  if (!hasScope(c, ...anyOf)) throw errors.missingScope(anyOf);
  return c;
}

export function hasRole(caller: Caller | null | undefined, ...anyOf: readonly Role[]): boolean {
  return Boolean(caller && anyOf.some((r) => caller.roles.includes(r)));
}

export function requireRole(caller: Caller | null | undefined, ...anyOf: readonly Role[]): Caller {
  const c = requireCaller(caller);
  if (!hasRole(c, ...anyOf))
    throw errors.forbidden(`This needs the role ${anyOf.join(' or ')}.`, { requiredRoles: anyOf });
  return c;
}

/** Can the caller see a record owned by the organization with this path? */
export function canSeeOrgPath(
  caller: Caller | null | undefined,
  orgPath: readonly string[] | undefined | null,
): boolean {
  return Boolean(caller && orgPath && orgPath.includes(caller.organization));
}

/** A MongoDB filter limiting a query to the caller's subtree (use with an index on the field). */
export function subtreeFilter(caller: Caller, field = 'orgPath'): Record<string, string> {
  return { [field]: caller.organization };
}

/** Combines a query filter with the caller's subtree. */
export function withinSubtree(
  caller: Caller,
  filter: Record<string, unknown>,
  field = 'orgPath',
): Record<string, unknown> {
  return Object.keys(filter).length === 0
    ? subtreeFilter(caller, field)
    : { $and: [filter, subtreeFilter(caller, field)] };
}

/** Throws FORBIDDEN unless `orgPath` (of an organization the caller names, e.g. a filter) is in the subtree. */
export function requireWithinSubtree(
  caller: Caller,
  orgPath: readonly string[],
  what = 'organization',
): void {
  if (!canSeeOrgPath(caller, orgPath)) {
    throw errors.forbidden(
      `The ${what} ${orgPath.at(-1) ?? ''} is outside your organization (${caller.organization}).`,
    );
  }
}
