import {
  applyCounterDeltas,
  counterDeltas,
  readCounters,
  recountCollection,
  runMigrationOnce,
  withCounterLock,
  type CountedCollection,
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
type Stored = Record<string, unknown>;

/** A write's changes to counted records: what was stored before (taken out) and after (added). */
export type CountedChange = { before?: Stored; after?: Stored };

/** Bump when COUNTED counts something new: databases counted before are recounted at start. */
export const COUNTERS_VERSION = 'spaces-counters:v1';

const countersOf = (models: Models): mongo.Collection => models.spaces.db.collection('counters');
const dbOf = (models: Models): mongo.Db => models.spaces.db.db!;

/**
 * Runs a write of `coll`'s records holding its counter lock, and adds the changes it reports to
 * the counters before the lock is released: counts stay exact with writers on every instance
 * (the embedded database's `$inc` is not atomic) and a recount running meanwhile.
 */
export function writeCounted<T>(
  models: Models,
  coll: CountedName,
  write: () => Promise<{ result: T; changes: readonly CountedChange[] }>,
): Promise<T> {
  return withCounterLock(dbOf(models), coll, async () => {
    const { result, changes } = await write();
    if (changes.length > 0)
      await applyCounterDeltas(countersOf(models), coll, counterDeltas(coll, COUNTED[coll], changes));
    return result;
  });
}

/** One organization's counts (zeros where none): one read by `_id`. */
export async function readSpaceCounters(models: Models, code: string) {
  const { spaces, posts } = await readCounters(countersOf(models), ['spaces', 'posts'] as const, code);
  return { spaces, posts: posts.posts ?? 0 };
}

/** Rebuilds the counters from the stored spaces and posts (exact with writers running); returns the documents written. */
export async function recountSpaces(models: Models): Promise<number> {
  let written = 0;
  for (const coll of Object.keys(COUNTED) as CountedName[])
    written += await recountCollection({
      db: dbOf(models),
      counters: countersOf(models),
      coll,
      counted: COUNTED[coll],
      records: models[coll].collection,
    });
  return written;
}

/** At start: counts a database whose counters this version never built, once (a marker in `migrations`). */
export function countersAtStart(models: Models): Promise<boolean> {
  return runMigrationOnce(dbOf(models), COUNTERS_VERSION, async () => ({
    written: await recountSpaces(models),
  }));
}
