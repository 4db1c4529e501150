import type { mongo } from 'mongoose';
import {
  applyCounterDeltas,
  counterDeltas,
  recountCollection,
  withCounterLock,
  type CountedCollection,
} from './counters.ts';

type Stored = Record<string, unknown>;

/** A write's changes to counted records: what was stored before (taken out) and after (added). */
export type CountedChange = { before?: Stored | undefined; after?: Stored | undefined };

/** A service's counted collections: what one record of each adds (counters.ts), and where the counters are. */
export interface CountedSet<C extends string> {
  db: mongo.Db;
  counters: mongo.Collection;
  counted: Readonly<Record<C, CountedCollection>>;
  /**
   * Collections whose grouped writes run at once: distinct inserts (a duplicate refused by a
   * unique key). The others' run one after the other (an add and a remove of one record race).
   */
  atOnce?: ReadonlySet<C>;
}

type Write = () => Promise<{ result: unknown; changes: readonly CountedChange[] }>;
interface Waiting {
  write: Write;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}
/** The writes of one collection waiting for its counter lock in this process. */
interface Queue {
  waiting: Waiting[];
  draining: boolean;
}
const queuesByDb = new WeakMap<mongo.Db, Map<string, Queue>>();
/** At most this many writes per lock held. */
const GROUP = 256;

/**
 * Runs `write` (writes of `coll`'s records) holding the collection's counter lock, then adds the
 * changes it reports (a record inserted: `after`; removed: `before`; changed: both) to the
 * counters before the lock is released, and resolves once they are added: counts stay exact
 * with writers on every instance (the embedded database's `$inc` is not atomic) and a recount
 * (`recountSet`) running meanwhile. A write that fails changes no counter.
 *
 * Writes of one collection in a process are grouped (a group commit): the first takes the lock,
 * the writes that arrive meanwhile wait, and the next holder runs them together and adds their
 * changes in one bulkWrite. A lock per write cost four round trips and a bulkWrite each: on the
 * embedded database a view's insert ran 11 times slower than without counters, 4 times grouped
 * (`npm run bench region-usage`).
 */
export function countedWrite<C extends string, T>(
  set: CountedSet<C>,
  coll: C,
  write: () => Promise<{ result: T; changes: readonly CountedChange[] }>,
): Promise<T> {
  let queues = queuesByDb.get(set.db);
  if (!queues) queuesByDb.set(set.db, (queues = new Map()));
  let queue = queues.get(coll);
  if (!queue) queues.set(coll, (queue = { waiting: [], draining: false }));
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.waiting.push({ write, resolve: resolve as (r: unknown) => void, reject });
    if (!q.draining) void drain(set, coll, q);
  });
}

type Outcome = { ok: true; result: unknown } | { ok: false; err: unknown };

async function drain<C extends string>(set: CountedSet<C>, coll: C, queue: Queue): Promise<void> {
  queue.draining = true;
  try {
    while (queue.waiting.length > 0) {
      const group = queue.waiting.splice(0, GROUP);
      const outcomes: Outcome[] = [];
      try {
        await withCounterLock(set.db, coll, async () => {
          const changes: CountedChange[] = [];
          const run = async ({ write }: Waiting, i: number) => {
            try {
              const done = await write();
              changes.push(...done.changes);
              outcomes[i] = { ok: true, result: done.result };
            } catch (err) {
              outcomes[i] = { ok: false, err };
            }
          };
          if (set.atOnce?.has(coll)) await Promise.all(group.map(run));
          else for (const [i, w] of group.entries()) await run(w, i);
          if (changes.length > 0)
            await applyCounterDeltas(set.counters, coll, counterDeltas(coll, set.counted[coll], changes));
        });
      } catch (err) {
        // The lock or the counters' write failed: every write of the group reports it (those
        // whose records were written are counted by the next recount).
        group.forEach((w, i) => {
          const own = outcomes[i];
          w.reject(own && !own.ok ? own.err : err);
        });
        continue;
      }
      group.forEach((w, i) => {
        const own = outcomes[i]!;
        if (own.ok) w.resolve(own.result);
        else w.reject(own.err);
      });
    }
  } finally {
    queue.draining = false;
  }
}

/**
 * Rebuilds the counters of every collection of the set from its records (`records`), each under
 * its counter lock (exact with writers running). One pass over every counted record: for a first
 * start, a seed or a command, not for requests. Returns the counter documents written.
 */
export async function recountSet<C extends string>(
  set: CountedSet<C>,
  records: (coll: C) => mongo.Collection,
): Promise<number> {
  let written = 0;
  for (const coll of Object.keys(set.counted) as C[])
    written += await recountCollection({
      db: set.db,
      counters: set.counters,
      coll,
      counted: set.counted[coll],
      records: records(coll),
    });
  return written;
}
