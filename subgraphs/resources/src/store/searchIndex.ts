import type { Logger } from '@edugraph/shared';
import type { Types } from 'mongoose';
import type { ResourcesStore } from './index.ts';
import { countedOf, moveCounts, sameCount, withCountLock, type CountedFields } from './catalogCounts.ts';
import { decodeEntryData } from './entryCodec.ts';
import { indexMarkers } from './indexMarkers.ts';
import { listKeys } from './listKeys.ts';
import { bulkPostingWriter, type IndexedResource, writeOwnedPostings, writeStamp } from './postings.ts';
import { readEntries } from './searchEntries.ts';

/** What a posting needs from a resource. */
const POSTING_SOURCE = {
  title: 1,
  description: 1,
  chapter: 1,
  edition: 1,
  status: 1,
  audience: 1,
  orgPath: 1,
  createdBy: 1,
  stage: 1,
  subject: 1,
  grade: 1,
  kind: 1,
  originLevel: 1,
  sharing: 1,
  popularity: 1,
  createdAt: 1,
} as const;
/** A build also reads what the list keys are made of. */
const BUILD_SOURCE = { ...POSTING_SOURCE, changedAt: 1, newestKey: 1 } as const;
type BuildRow = IndexedResource & { changedAt: Date; createdAt: Date; newestKey?: string };

/** These resources as stored now (absent ones are gone). */
async function readIndexed(
  models: ResourcesStore,
  ids: readonly Types.ObjectId[],
): Promise<IndexedResource[]> {
  return (ids.length === 1
    ? [await models.resources.findById(ids[0], POSTING_SOURCE).lean()]
    : await models.resources.find({ _id: { $in: [...ids] } }, POSTING_SOURCE).lean()
  ).filter(Boolean) as unknown as IndexedResource[];
}

/** What each resource was last counted as: its newest search entry (none for a new resource). */
async function countedAs(models: ResourcesStore, ids: readonly Types.ObjectId[]) {
  const newest = await readEntries(
    models.searchEntries,
    ids.map((id) => id.toHexString()),
  );
  const counted = new Map<string, CountedFields>();
  for (const [r, entry] of newest) {
    const d = decodeEntryData(entry.d);
    counted.set(r, { ...d, status: entry.status });
  }
  return counted;
}

/** Each resource's change of counts: from its newest entry to its stored fields. */
function changes(
  ids: readonly Types.ObjectId[],
  docs: readonly IndexedResource[],
  before: Map<string, CountedFields>,
) {
  const byId = new Map(docs.map((d) => [d._id.toHexString(), countedOf(d)]));
  return ids.map((id) => ({ before: before.get(id.toHexString()), after: byId.get(id.toHexString()) }));
}

/**
 * Brings the keyword postings and the catalog's counts of these resources up to date after a
 * write to them (create, edit, review step, sharing, usage recount): in the same write path,
 * before the write is answered, so the writer's next search or count sees it on any instance.
 *
 * A resource is counted as its newest search entry says. A write that changes none of what is
 * counted (a view, a download) writes its entry without a lock. One that does takes the
 * counts' lock, reads the resource and its newest entry again, moves the counts from the one
 * to the other and writes the entry, with a stamp taken inside the lock: the newest entry stays
 * what the counts hold. A write without the lock wrote an entry equal to the newest one when
 * it read it, stamped before its read, so a counted change after that read has a newer stamp.
 */
export async function reindexResources(
  models: ResourcesStore,
  ids: readonly Types.ObjectId[],
): Promise<void> {
  const stamp = writeStamp();
  const docs = await readIndexed(models, ids);
  const moved = changes(ids, docs, await countedAs(models, ids)).some(
    ({ before, after }) => !before || !after || !sameCount(before, after),
  );
  if (!moved) return writeOwnedPostings(models, ids, docs, stamp);
  await withCountLock(models, async () => {
    const lockedStamp = writeStamp();
    const fresh = await readIndexed(models, ids);
    const before = await countedAs(models, ids);
    await writeOwnedPostings(models, ids, fresh, lockedStamp);
    await moveCounts(models, changes(ids, fresh, before));
  });
}

/**
 * The version of the search index's layout. A database built under another one is indexed
 * again at start-up, once: v1 kept one posting per token and resource in `resourcepostings`;
 * v2 kept blocks per (token, status) of a bulk batch in `searchpostings`, all tiers together
 * and ids inline, so a search read all of a token's ids. v2's search entries are the same as v3's and are
 * kept: a rebuild from v2 writes the blocks only.
 */
export const SEARCH_INDEX_VERSION = 'resource-search-blocks-v3';
/** The marker of the layout whose entries v3 keeps. */
const ENTRIES_KEPT_FROM = 'resource-search-blocks-v2';
/** Collections of earlier layouts, dropped once the current one is built. */
const LEGACY_COLLECTIONS = ['resourcepostings', 'searchpostings'];
/** Resources read and written per batch by the start-up build and the bulk loads (their blocks go per `BULK_RANGE`). */
export const BULK_BATCH = 5000;

/** Whether the postings were built for the whole catalog (by a start-up, the seed or a bulk load). */
export async function postingsBuilt(models: ResourcesStore): Promise<boolean> {
  return Boolean(await indexMarkers(models).findOne({ _id: SEARCH_INDEX_VERSION }));
}

export async function markPostingsBuilt(models: ResourcesStore, resources: number): Promise<void> {
  await indexMarkers(models).updateOne(
    { _id: SEARCH_INDEX_VERSION },
    { $set: { at: new Date(), resources } },
    { upsert: true },
  );
}

/** Sets the list keys of resources written before them (and drops their old token arrays). */
async function addListKeys(models: ResourcesStore, rows: BuildRow[]): Promise<void> {
  const missing = rows.filter((d) => !d.newestKey);
  if (missing.length === 0) return;
  await models.resources.bulkWrite(
    missing.map((d) => ({
      updateOne: {
        filter: { _id: d._id },
        update: { $set: listKeys(d), $unset: { searchTokens: 1 } },
      },
    })),
    { ordered: false },
  );
}

/**
 * Builds the search index (and list keys) of every resource once, for a database that predates
 * it or holds an earlier layout: batches of `BULK_BATCH` in one pass, each through the bulk write
 * (`bulkPostingWriter`), then the marker, then the earlier layout's collections are dropped.
 * Idempotent: an interrupted or concurrent build (two instances starting) writes the same
 * blocks under the same ids, and the newest entry of each resource wins.
 */
export async function buildPostingsIfMissing(models: ResourcesStore, logger: Logger): Promise<void> {
  if (await postingsBuilt(models)) return;
  const started = performance.now();
  const entries = !(await indexMarkers(models).findOne({ _id: ENTRIES_KEPT_FROM }));
  const writer = bulkPostingWriter(models, { entries });
  let count = 0;
  let batch: BuildRow[] = [];
  const write = async () => {
    await addListKeys(models, batch);
    await writer.add(batch, writeStamp());
    count += batch.length;
    batch = [];
  };
  // One cursor: a sorted `_id` range per batch made the embedded database decode and sort the
  // rest of the collection each time (at 1,000,000 resources it grew past 8 GB within a minute).
  const rows = models.resources.collection.find<BuildRow>(
    {},
    { projection: BUILD_SOURCE, batchSize: BULK_BATCH },
  );
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === BULK_BATCH) await write();
  }
  if (batch.length > 0) await write();
  await writer.flush();
  await markPostingsBuilt(models, count);
  const present = new Set((await models.resources.db.listCollections()).map((c) => c.name));
  for (const name of LEGACY_COLLECTIONS.filter((n) => present.has(n)))
    await models.resources.db.dropCollection(name);
  logger.info(
    { resources: count, entries, ms: Math.round(performance.now() - started) },
    'search postings built',
  );
}
