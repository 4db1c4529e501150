import { errors, type Caller } from '@edugraph/shared';
import {
  addMemberships,
  isSecondary,
  openPersonalSpaces,
  schoolOf,
  type OwnerKind,
  type SpaceDoc,
} from '../store/index.ts';
import { requireToken, type Ctx } from './shared.ts';

const ownerKindOf = (kind: string | null | undefined): OwnerKind =>
  kind === 'TEACHER' || kind === 'STUDENT' ? kind : 'OTHER';

/**
 * Opens the caller's personal space, or claims the one opened for them from the rosters by
 * their staff or registry number (identity links the user to it), and makes them its owner.
 * Idempotent, also across instances and concurrent requests: the space's `key`, `ownerId` and
 * `personNumber` and a membership's `{spaceId, memberKey}` are unique indexes, so a second
 * opener finds the first one's rows.
 */
export async function openPersonalSpace(ctx: Ctx, caller: Caller): Promise<SpaceDoc> {
  const me = await ctx.identity.me(requireToken(ctx));
  if (!me || me.id !== caller.subject) throw errors.notFound('User', caller.subject);
  const [opened] = await openPersonalSpaces(ctx.store.models, [
    {
      ownerId: me.id,
      personNumber: me.personNumber,
      displayName: me.displayName,
      ownerKind: ownerKindOf(me.kind),
      orgPath: me.orgPath,
      secondary: isSecondary(schoolOf(me.orgPath)),
      openedBy: caller.subject,
    },
  ]);
  await addMemberships(ctx.store.models, [{ space: opened!.space, userId: me.id, role: 'OWNER' }]);
  return opened!.space;
}

const ensured = new WeakMap<Ctx, Promise<SpaceDoc | null>>();

/**
 * The caller's personal space, opened (or claimed) on their first read of their own spaces:
 * `mySpace`, `mySpaces` and `myFeed` show it without an `openMySpace` first, as `me.space`
 * does. Once it is theirs this is one lookup by `ownerId`; service clients have none.
 */
export function ensurePersonalSpace(ctx: Ctx, caller: Caller): Promise<SpaceDoc | null> {
  let found = ensured.get(ctx);
  if (!found) {
    found = caller.isService
      ? Promise.resolve(null)
      : ctx.loaders.personalSpaceByOwner
          .load(caller.subject)
          .then((own) => own ?? openPersonalSpace(ctx, caller));
    ensured.set(ctx, found);
  }
  return found;
}
