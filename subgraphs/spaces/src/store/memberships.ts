import { keysetPage, type Connection, type PageArgs } from '@edugraph/shared';
import type { Models } from './models/index.ts';
import type { MembershipDoc, SpaceKind } from './models/space.ts';

export const memberKeyOfUser = (userId: string) => `u:${userId}`;
export const memberKeyOfPerson = (personNumber: string) => `p:${personNumber}`;

/**
 * A member's spaces are read from `memberships` by `{memberKey, spaceId}` and a space's members
 * by `{spaceId, memberKey}` (models/space.ts): equalities and ascending keys, which both
 * databases serve from those indexes. Nothing is kept between requests.
 */

/** Most spaces one member's feed merges (one index seek each); beyond, the newest spaces' rows are left out. */
export const MAX_FEED_SPACES = 200;

/** The member's memberships among these spaces (access checks, `myRole`): one query per batch. */
export async function membershipsIn(
  models: Models,
  memberKey: string,
  spaceIds: readonly string[],
): Promise<MembershipDoc[]> {
  if (spaceIds.length === 0) return [];
  const spaceId = spaceIds.length === 1 ? spaceIds[0] : { $in: [...new Set(spaceIds)] };
  return (await models.memberships
    .find({ memberKey, spaceId })
    .batchSize(spaceIds.length + 1)
    .lean()) as MembershipDoc[];
}

/**
 * The memberships of a member (or of several: `$in`), optionally of one kind of space, at most `limit` (MAX_FEED_SPACES per member by default).
 */
export async function membershipsOf(
  models: Models,
  memberKeys: string | readonly string[],
  options: { kind?: SpaceKind; limit?: number } = {},
): Promise<MembershipDoc[]> {
  const keys = typeof memberKeys === 'string' ? [memberKeys] : [...new Set(memberKeys)];
  const memberKey = keys.length === 1 ? keys[0] : { $in: keys };
  const filter = options.kind ? { memberKey, spaceKind: options.kind } : { memberKey };
  const limit = options.limit ?? MAX_FEED_SPACES * keys.length;
  // No sort: with `$in` the embedded database would read a sorted page along the whole `spaceId` index.
  return (await models.memberships
    .find(filter)
    .limit(limit)
    .batchSize(limit + 1)
    .lean()) as MembershipDoc[];
}

/** A page of the member's memberships, in `spaceId` order (`mySpaces`). */
export function membershipPage(models: Models, memberKey: string, args: PageArgs) {
  return keysetPage<MembershipDoc>(models.memberships, args, { filter: { memberKey }, key: 'spaceId' });
}

/** A page of a space's members in `memberKey` order; `managersOnly`: its owner and managers. */
export function membersPage(
  models: Models,
  spaceId: string,
  args: PageArgs,
  managersOnly: boolean,
): Promise<Connection<MembershipDoc>> {
  const filter = managersOnly ? { spaceId, role: { $in: ['OWNER', 'MANAGER'] } } : { spaceId };
  return keysetPage<MembershipDoc>(models.memberships, args, {
    filter,
    key: 'memberKey',
    defaultPageSize: 50,
  });
}

/** Removes a member (never the owner); true when there was one. */
export async function removeMembership(models: Models, spaceId: string, memberKey: string): Promise<boolean> {
  const { deletedCount } = await models.memberships.deleteOne({ spaceId, memberKey, role: { $ne: 'OWNER' } });
  return deletedCount > 0;
}
