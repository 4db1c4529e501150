import {
  countedWrite,
  readCounters,
  recountSet,
  runMigrationOnce,
  type CountedChange,
  type CountedCollection,
  type CountedSet,
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

const recordsOf = (store: ResourcesStore, source: UsageSource): mongo.Collection =>
  ({ usageevents: store.usageEvents, favorites: store.favorites, pushes: store.pushes })[source]
    .collection as unknown as mongo.Collection;

const countersOf = (store: ResourcesStore) => store.counters.collection as unknown as mongo.Collection;

/** Events are distinct inserts: a group's run at once (shared `countedWrite`). */
const AT_ONCE: ReadonlySet<UsageSource> = new Set(['usageevents']);

const countedSet = (store: ResourcesStore): CountedSet<UsageSource> => ({
  db: store.counters.db.db!,
  counters: countersOf(store),
  counted: USAGE_COUNTED,
  atOnce: AT_ONCE,
});

/**
 * Runs `write` (writes of a source's records) holding the source's counter lock, then adds the
 * changes it reports to the counters (the shared `countedWrite`: writes of one source in a
 * process are grouped under one lock holding).
 */
export const writeCounted = <T>(
  store: ResourcesStore,
  source: UsageSource,
  write: () => Promise<{ result: T; changes: readonly CountedChange[] }>,
): Promise<T> => countedWrite(countedSet(store), source, write);

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
export const recountRegionUsage = (store: ResourcesStore): Promise<number> =>
  recountSet(countedSet(store), (source) => recordsOf(store, source));

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
