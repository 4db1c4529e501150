import {
  countedWrite,
  readCounters,
  recountSet,
  runMigrationOnce,
  type CountedChange,
  type CountedCollection,
  type CountedSet,
} from '@edugraph/shared';
import type { mongo } from 'mongoose';
import type { IdentityStore } from './index.ts';

/**
 * The users per organization, kept on write (shared/src/store/counters.ts): every user adds
 * `records` at the nation and at each province, city, county and school on its path, so the users
 * list's `totalCount` of a subtree is one read by `_id` rather than a count of the subtree's
 * index entries (about 25 µs each on the embedded database). Users are inserted (`insertUser`),
 * never deleted, and never move (`updateUser` refuses `orgPath`); the seed's upserts and
 * databases written before are counted by `recountUsers`.
 */
const USER_COUNTED = {
  users: { fields: [], of: () => ({ records: 1 }) },
} satisfies Record<string, CountedCollection>;

const countedSet = (store: IdentityStore): CountedSet<'users'> => ({
  db: store.db(),
  counters: store.counters.collection as unknown as mongo.Collection,
  counted: USER_COUNTED,
});

/** Runs a write of users holding their counter lock, adding the changes it reports (`countedWrite`). */
export const writeCountedUsers = <T>(
  store: IdentityStore,
  write: () => Promise<{ result: T; changes: readonly CountedChange[] }>,
): Promise<T> => countedWrite(countedSet(store), 'users', write);

/** Counts the users again (exact with writers running); returns the counter documents written. */
export const recountUsers = (store: IdentityStore): Promise<number> =>
  recountSet(countedSet(store), () => store.users.collection as unknown as mongo.Collection);

/** At start: counts the users once for a database whose counters were never built. */
export const countUsersAtStart = (store: IdentityStore): Promise<boolean> =>
  runMigrationOnce(store.db(), 'users-counters-v1', async () => ({ written: await recountUsers(store) }));

/** The users in an organization's subtree (the nation's code for all). */
export async function usersInSubtree(store: IdentityStore, code: string): Promise<number> {
  const { users } = await readCounters(
    store.counters.collection as unknown as mongo.Collection,
    ['users'] as const,
    code,
  );
  return typeof users.records === 'number' ? users.records : 0;
}
