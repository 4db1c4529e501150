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
import { tallyOf } from './indexFields.ts';
import type { Models } from './models/index.ts';

/**
 * The indicators' counts, kept on write per organization (shared/src/store/counters.ts): every
 * space adds 1 to its tally (`TEACHER`, `SECONDARY_STUDENT`, `CLASS`…: indexFields.ts) and every
 * post 1 to `posts`, at the nation and at each province, city, county and school on its path.
 * Every write of a space or post that changes what it counts goes through `writeCounted`; the
 * seed and databases written before the counters are counted by `recountSpaces`.
 */
export const COUNTED = {
  spaces: {
    fields: ['kind', 'ownerKind', 'secondary'],
    of: (doc) => ({ [tallyOf(doc as Parameters<typeof tallyOf>[0])]: 1 }),
  },
  posts: { fields: [], of: () => ({ posts: 1 }) },
} as const satisfies Record<string, CountedCollection>;

export type CountedName = keyof typeof COUNTED;
export type { CountedChange };

/** Bump when COUNTED counts something new: databases counted before are recounted at start. */
export const COUNTERS_VERSION = 'spaces-counters:v1';

const countersOf = (models: Models): mongo.Collection => models.spaces.db.collection('counters');
const dbOf = (models: Models): mongo.Db => models.spaces.db.db!;

const countedSet = (models: Models): CountedSet<CountedName> => ({
  db: dbOf(models),
  counters: countersOf(models),
  counted: COUNTED,
});

/**
 * Runs a write of `coll`'s records holding its counter lock, and adds the changes it reports to
 * the counters before the lock is released (the shared `countedWrite`): counts stay exact with
 * writers on every instance (the embedded database's `$inc` is not atomic) and a recount running
 * meanwhile.
 */
export const writeCounted = <T>(
  models: Models,
  coll: CountedName,
  write: () => Promise<{ result: T; changes: readonly CountedChange[] }>,
): Promise<T> => countedWrite(countedSet(models), coll, write);

/** One organization's counts (zeros where none): one read by `_id`. */
export async function readSpaceCounters(models: Models, code: string) {
  const { spaces, posts } = await readCounters(countersOf(models), ['spaces', 'posts'] as const, code);
  return { spaces, posts: posts.posts ?? 0 };
}

/** Rebuilds the counters from the stored spaces and posts (exact with writers running); returns the documents written. */
export const recountSpaces = (models: Models): Promise<number> =>
  recountSet(countedSet(models), (coll) => models[coll].collection);

/** At start: counts a database whose counters this version never built, once (a marker in `migrations`). */
export function countersAtStart(models: Models): Promise<boolean> {
  return runMigrationOnce(dbOf(models), COUNTERS_VERSION, async () => ({
    written: await recountSpaces(models),
  }));
}
