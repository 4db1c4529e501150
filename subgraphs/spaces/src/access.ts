import {
  ADMIN_ROLES,
  canSeeOrgPath,
  errors,
  hasRole,
  hasScope,
  requireCaller,
  roles,
  scopes,
  type Caller,
} from '@edugraph/shared';
import type { SpacesContext } from './context.ts';
import { memberKeyOfPerson, memberKeyOfUser } from './store/memberships.ts';
import type { MemberRole, SpaceDoc, SpaceKind, Visibility } from './store/models/space.ts';

/**
 * Who sees and manages a space. In order:
 * 1. members (owner, managers, members) see their spaces;
 * 2. administrators (and service clients with `spaces:read`) see every space of their subtree;
 * 3. the teachers who manage a pupil's class see the pupil's personal space (growth records);
 * 4. otherwise the space's visibility names the audience: its school, county or province —
 *    always inside the province, so another province never sees anything.
 */
export function isOverseer(caller: Caller, space: Pick<SpaceDoc, 'orgPath'>): boolean {
  const overseer = caller.isService ? hasScope(caller, scopes.SPACES_READ) : hasRole(caller, ...ADMIN_ROLES);
  return overseer && canSeeOrgPath(caller, space.orgPath);
}

/**
 * The organization whose members form a visibility's audience: never above the province, so a
 * space stored at the nation (only members and overseers) reaches no other province.
 */
export function audienceOrg(space: Pick<SpaceDoc, 'orgPath'>, visibility: Visibility): string | null {
  const path = space.orgPath;
  if (path.length < 2) return null;
  switch (visibility) {
    case 'MEMBERS':
      return null;
    case 'SCHOOL':
      return path.at(-1) ?? null;
    case 'REGION':
      return path[3] ?? path.at(-1) ?? null;
    case 'PUBLIC':
      return path[1] ?? path.at(-1) ?? null;
  }
}

export async function myRole(ctx: SpacesContext, space: SpaceDoc): Promise<MemberRole | null> {
  if (!ctx.caller) return null;
  if (space.ownerId && space.ownerId === ctx.caller.subject) return 'OWNER';
  const m = await ctx.loaders.myMembership.load(space._id.toString());
  return (m?.role as MemberRole | undefined) ?? null;
}

/** Does the caller manage a class the pupil who owns this personal space belongs to? */
async function teachesOwner(ctx: SpacesContext, space: SpaceDoc): Promise<boolean> {
  if (space.kind !== 'PERSONAL' || space.ownerKind !== 'STUDENT') return false;
  if (!hasRole(ctx.caller, roles.TEACHER)) return false;
  const keys = [
    space.ownerId && memberKeyOfUser(space.ownerId),
    space.personNumber && memberKeyOfPerson(space.personNumber),
  ].filter((k): k is string => Boolean(k));
  const classes = (await ctx.loaders.classMemberships.loadMany(keys)).flatMap((rows) =>
    Array.isArray(rows) ? rows : [],
  );
  const mine = await ctx.loaders.myMembership.loadMany(classes.map((m) => m.spaceId));
  return mine.some((m) => m && !(m instanceof Error) && ['OWNER', 'MANAGER'].includes(m.role));
}

export async function canView(ctx: SpacesContext, space: SpaceDoc | null): Promise<boolean> {
  const caller = ctx.caller;
  if (!caller || !space) return false;
  if (await myRole(ctx, space)) return true;
  if (isOverseer(caller, space)) return true;
  if (caller.isService) return false;
  const org = audienceOrg(space, space.visibility as Visibility);
  if (org && caller.orgPath.includes(org)) return true;
  return teachesOwner(ctx, space);
}

export async function canManage(ctx: SpacesContext, space: SpaceDoc): Promise<boolean> {
  const caller = ctx.caller;
  if (!caller) return false;
  const role = await myRole(ctx, space);
  if (role === 'OWNER' || role === 'MANAGER') return true;
  return hasRole(caller, ...ADMIN_ROLES) && canSeeOrgPath(caller, space.orgPath);
}

/** The space if the caller may see it, else null: lookups, references and fields of other types. */
export async function ifVisible(
  ctx: SpacesContext,
  space: SpaceDoc | null | undefined,
): Promise<SpaceDoc | null> {
  return space && (await canView(ctx, space)) ? space : null;
}

/** Loads a space the caller may see, or NOT_FOUND (a hidden space looks like a missing one). */
export async function visibleSpace(ctx: SpacesContext, id: string): Promise<SpaceDoc> {
  requireCaller(ctx.caller);
  const space = await ifVisible(ctx, await ctx.loaders.spaceById.load(id));
  if (!space) throw errors.notFound('Space', id);
  return space;
}

export async function managedSpace(ctx: SpacesContext, id: string): Promise<SpaceDoc> {
  const space = await visibleSpace(ctx, id);
  if (!(await canManage(ctx, space)))
    throw errors.forbidden(`Only the managers of space ${id} (“${space.title}”) can do this.`);
  return space;
}

/** A signed-in person (not a service client) who may write in the space. */
export async function requireWriter(ctx: SpacesContext, space: SpaceDoc): Promise<Caller> {
  const caller = requireCaller(ctx.caller);
  if (caller.isService) throw errors.forbidden('Posts are written by people: use a user token.');
  if (await myRole(ctx, space)) return caller;
  if (await canManage(ctx, space)) return caller;
  throw errors.forbidden(
    `You are not a member of space ${space._id.toString()} (“${space.title}”); ask its managers to add you.`,
  );
}

/** Minors' spaces (a pupil's, a class's) are never shown beyond their school. */
export function allowedVisibilities(kind: SpaceKind, ownerKind: string | null | undefined): Visibility[] {
  if (kind === 'CLASS' || (kind === 'PERSONAL' && ownerKind === 'STUDENT')) return ['MEMBERS', 'SCHOOL'];
  return ['MEMBERS', 'SCHOOL', 'REGION', 'PUBLIC'];
}

export function checkVisibility(
  kind: SpaceKind,
  ownerKind: string | null | undefined,
  v: Visibility,
): Visibility {
  const allowed = allowedVisibilities(kind, ownerKind);
  if (!allowed.includes(v))
    throw errors.badInput(
      `A ${kind === 'CLASS' ? 'class' : "student's"} space can be ${allowed.join(' or ')}, not ${v}: spaces of minors stay within their school.`,
      { field: 'visibility' },
    );
  return v;
}

export function defaultVisibility(kind: SpaceKind, ownerKind: string | null | undefined): Visibility {
  if (kind === 'SCHOOL') return 'PUBLIC';
  if (kind === 'PERSONAL' && ownerKind === 'TEACHER') return 'SCHOOL';
  return 'MEMBERS';
}
