import {
  applyCounterDeltas,
  counterDeltas,
  readCounters,
  recountCollection,
  runMigrationOnce,
  withCounterLock,
  type CountedCollection,
  type Logger,
} from '@edugraph/shared';
import type { mongo } from 'mongoose';
import type { ResourcesStore } from './index.ts';

/**
 * A region's resource usage (`Region.resourceUsage`) kept on write: what a region reads instead
 * of counting usage events, favorites and pushes on their `orgPath` array, which the embedded
 * database serves from no index (it read every event of the hub per region).
 *
 * The shared counters (shared/src/store/counters.ts), one counted collection per source: a
 * record adds its figures to the counter document of every organization on its path (the
 * nation, province, city, county and school; `_id` `<source>:<code>` in the collection
 * `counters`). Writers insert or change a source's records and add their figures holding the
 * source's counter lock (`writeCounted`), so `recountRegionUsage`, holding it too, is exact with
 * writers running. An event's and a favorite's path is its user's; a push's is its target
 * school's.
 */
export const USAGE_COUNTED = {
  usageevents: {
    fields: ['kind'],
    of: (doc) => ({ views: doc.kind === 'VIEW' ? 1 : 0, downloads: doc.kind === 'DOWNLOAD' ? 1 : 0 }),
  },
  favorites: { fields: [], of: () => ({ favorites: 1 }) },
  pushes: {
    fields: ['receipt'],
    of: (doc) => ({ pushes: 1, pushesUsed: doc.receipt === 'USED' ? 1 : 0 }),
  },
} satisfies Record<string, CountedCollection>;

export type UsageSource = keyof typeof USAGE_COUNTED;
const SOURCES = Object.keys(USAGE_COUNTED) as UsageSource[];

/** A record as the counters read it: its path and the fields its source's `of` reads. */
export type CountedRecord = { orgPath: readonly string[] } & Record<string, unknown>;
export type CountedChange = { before?: CountedRecord | undefined; after?: CountedRecord | undefined };

const recordsOf = (store: ResourcesStore, source: UsageSource): mongo.Collection =>
  ({ usageevents: store.usageEvents, favorites: store.favorites, pushes: store.pushes })[source]
    .collection as unknown as mongo.Collection;

const countersOf = (store: ResourcesStore) => store.counters.collection as unknown as mongo.Collection;

type CountedWrite = () => Promise<{ result: unknown; changes: readonly CountedChange[] }>;
interface Waiting {
  write: CountedWrite;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}
/** The writes waiting for a source's lock in this process, and whether a group is being written. */
interface Queue {
  waiting: Waiting[];
  draining: boolean;
}
const queuesByCounters = new WeakMap<object, Map<UsageSource, Queue>>();
/** At most this many writes per lock held. */
const GROUP = 256;
/**
 * Sources whose grouped writes run at once: events are distinct inserts (a view already recorded
 * today is refused by its unique key). A favorite's add and remove, or two pushes to one
 * school, would race: those run one after the other.
 */
const AT_ONCE: ReadonlySet<UsageSource> = new Set(['usageevents']);

/**
 * Runs `write` (writes of a source's records) holding the source's counter lock, then adds the
 * changes it reports (a record inserted: `after`; removed: `before`; changed: both) to the
 * counters before releasing it, and resolves once they are added. A write that fails changes no
 * counter.
 *
 * Writes of one source in this process are grouped (a group commit): the first takes the lock,
 * the writes that arrive meanwhile wait, and the next holder runs them one after the other and
 * adds their changes in one bulkWrite. On the embedded database a lock held per write cost
 * four round trips and one bulkWrite per view, and made a view's insert 11 times slower.
 */
export function writeCounted<T>(
  store: ResourcesStore,
  source: UsageSource,
  write: () => Promise<{ result: T; changes: readonly CountedChange[] }>,
): Promise<T> {
  let queues = queuesByCounters.get(store.counters);
  if (!queues) queuesByCounters.set(store.counters, (queues = new Map()));
  let queue = queues.get(source);
  if (!queue) queues.set(source, (queue = { waiting: [], draining: false }));
  const q = queue;
  return new Promise<T>((resolve, reject) => {
    q.waiting.push({ write, resolve: resolve as (r: unknown) => void, reject });
    if (!q.draining) void drain(store, source, q);
  });
}

async function drain(store: ResourcesStore, source: UsageSource, queue: Queue): Promise<void> {
  queue.draining = true;
  try {
    while (queue.waiting.length > 0) {
      const group = queue.waiting.splice(0, GROUP);
      const outcomes: ({ ok: true; result: unknown } | { ok: false; err: unknown })[] = [];
      try {
        await withCounterLock(store.counters.db.db!, source, async () => {
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
          if (AT_ONCE.has(source)) await Promise.all(group.map(run));
          else for (const [i, w] of group.entries()) await run(w, i);
          if (changes.length > 0)
            await applyCounterDeltas(
              countersOf(store),
              source,
              counterDeltas(source, USAGE_COUNTED[source], changes as never),
            );
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

const figure = (v: unknown) => (typeof v === 'number' ? v : 0);

/** Usage in a region's subtree: one read of three counter documents by `_id`. */
export async function readRegionUsage(store: ResourcesStore, code: string) {
  const c = await readCounters(countersOf(store), SOURCES, code);
  return {
    views: figure(c.usageevents.views),
    downloads: figure(c.usageevents.downloads),
    favorites: figure(c.favorites.favorites),
    pushes: figure(c.pushes.pushes),
    pushesUsed: figure(c.pushes.pushesUsed),
  };
}

/**
 * Counts the usage counters again from the events, favorites and pushes, each source under its
 * counter lock (exact with writers running). One pass over every usage record: for a first
 * start, the demo seed (which inserts events in bulk) or `npm run recount`, not for requests.
 * Returns the counter documents written.
 */
export async function recountRegionUsage(store: ResourcesStore): Promise<number> {
  let written = 0;
  for (const source of SOURCES)
    written += await recountCollection({
      db: store.counters.db.db!,
      counters: countersOf(store),
      coll: source,
      counted: USAGE_COUNTED[source],
      records: recordsOf(store, source),
    });
  return written;
}

/** Bump when a source counts something new: databases counted before are recounted at start. */
const USAGE_COUNTERS_VERSION = 'usage-counters-v1';

/**
 * At start: counts the stored usage once when this version's counters were never built (a
 * database written before them), then leaves a marker, so later starts cost one lookup. A new
 * database needs no pass: every write keeps the counters.
 */
export async function countRegionUsageAtStart(store: ResourcesStore, logger: Logger): Promise<void> {
  await runMigrationOnce(store.counters.db.db!, USAGE_COUNTERS_VERSION, async () => {
    const started = performance.now();
    const sizes = await Promise.all(SOURCES.map((s) => recordsOf(store, s).estimatedDocumentCount()));
    if (sizes.every((n) => n === 0)) return { written: 0 };
    const written = await recountRegionUsage(store);
    logger.info({ written, ms: Math.round(performance.now() - started) }, 'region usage counters built');
    return { written };
  });
}
