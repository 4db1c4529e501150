import {
  canSeeOrgPath,
  errors,
  isParentOnly,
  requireScope,
  scopes,
  unmasksPersonalData,
  type Caller,
} from '@edugraph/shared';
import type { DatacenterContext } from './context.ts';

/** Readers need `datacenter:read`; every record they get is inside their subtree. */
export function reader(ctx: DatacenterContext): Caller {
  return requireScope(ctx.caller, scopes.DATACENTER_READ);
}

export function writer(ctx: DatacenterContext): Caller {
  return requireScope(ctx.caller, scopes.DATACENTER_WRITE);
}

/**
 * The record when it is live and inside the caller's subtree, else null: records outside look
 * exactly like missing ones.
 */
export function visible<T extends { orgPath: readonly string[]; deleted?: boolean }>(
  caller: Caller | null,
  doc: T | null | undefined,
): T | null {
  return doc && !doc.deleted && canSeeOrgPath(caller, doc.orgPath) ? doc : null;
}

/**
 * A record referenced by a visible one (a student's school, a class's head teacher): inside the
 * subtree, shown even when since deleted so the referring record stays whole.
 */
export function referenced<T extends { orgPath: readonly string[] }>(
  caller: Caller | null,
  doc: T | null | undefined,
): T | null {
  return doc && canSeeOrgPath(caller, doc.orgPath) ? doc : null;
}

/** Regions: those of the subtree, and the caller's own ancestors (names of the path above it). */
export function visibleRegion<T extends { code: string; orgPath: readonly string[]; deleted?: boolean }>(
  caller: Caller | null,
  doc: T | null | undefined,
): T | null {
  if (!doc || doc.deleted || !caller) return null;
  return canSeeOrgPath(caller, doc.orgPath) || caller.orgPath.includes(doc.code) ? doc : null;
}

/**
 * Student records: a parent-only caller sees none (no whole-school roster through a blanket
 * `datacenter:read`) until guardian links let it see its own children.
 */
export function visibleStudent<T extends { orgPath: readonly string[]; deleted?: boolean }>(
  caller: Caller | null,
  doc: T | null | undefined,
): T | null {
  return isParentOnly(caller) ? null : visible(caller, doc);
}

export const seesStudents = (caller: Caller | null) => !isParentOnly(caller);

/**
 * Lookups by a personal identifier (a registry number) need `personal-data`: otherwise a masked
 * number plus a few hundred guesses in aliased lookups would confirm the full number.
 */
export function requirePersonalIdentifierLookup(caller: Caller, what: string): void {
  if (!unmasksPersonalData(caller))
    throw errors.forbidden(
      `Looking a record up by ${what} (a personal identifier) needs the scope "${scopes.PERSONAL_DATA}".`,
      { requiredScopes: [scopes.PERSONAL_DATA] },
    );
}
