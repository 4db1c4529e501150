import { isDuplicateKeyError } from '@edugraph/shared';
import { Types } from 'mongoose';
import { documentTokens, isIndexedToken } from '../search/tokens.ts';
import type { ResourcesStore } from './index.ts';
import {
  INLINE_IDS,
  type BlockIdsFields,
  type PostingFields,
  type PostingModel,
  type BlockIdsModel,
} from './postingModels.ts';
import {
  SEP,
  entryOf,
  type IndexedResource,
  type SearchEntryFields,
  type SearchEntryModel,
} from './searchEntries.ts';

export { writeStamp, type IndexedResource, type PostingData } from './searchEntries.ts';
export {
  postingModel,
  blockIdsModel,
  type PostingFields,
  type PostingModel,
  type BlockIdsModel,
} from './postingModels.ts';

export const TIERS = 10;
const ID_LENGTH = 24;

/** The order a token's resources are read in: the token in the title first, then the most used (0 first). */
export function rankTier(inTitle: boolean, popularity: number): number {
  const magnitude = Math.min(4, Math.floor(Math.log10(1 + Math.max(0, popularity))));
  return (inTitle ? 0 : 5) + (4 - magnitude);
}

/** The indexed tokens of a resource: its Han bigrams and Latin words. */
export function indexedTokens(doc: Pick<IndexedResource, 'title' | 'description' | 'chapter' | 'edition'>) {
  return documentTokens(doc.title, doc.description, doc.chapter, doc.edition).filter(isIndexedToken);
}

/** Per (token, status, tier): its resources' ids one after the other, and how many. */
type Blocks = Map<string, { t: string; status: string; g: number; ids: string; n: number }>;

/** Bulk blocks are split every this many ids: a search stops reading within a few blocks' worth. */
export const BLOCK_IDS = 1000;

/** Adds a resource to the blocks of each of its (token, status, tier). */
function addToBlocks(blocks: Blocks, doc: IndexedResource): void {
  const status = doc.status ?? 'DRAFT';
  const popularity = doc.popularity ?? 0;
  const inTitle = new Set(documentTokens(doc.title));
  const id = doc._id.toHexString();
  for (const t of indexedTokens(doc)) {
    const g = rankTier(inTitle.has(t), popularity);
    const key = `${t}${SEP}${status}${SEP}${g}`;
    let block = blocks.get(key);
    if (!block) blocks.set(key, (block = { t, status, g, ids: '', n: 0 }));
    block.ids += id;
    block.n += 1;
  }
}

/** Each (token, status, tier) of these resources with its resources' ids, in their order. */
function blocksOf(docs: readonly IndexedResource[]): Blocks {
  const blocks: Blocks = new Map();
  for (const doc of docs) addToBlocks(blocks, doc);
  return blocks;
}

/** The own blocks of a resource (one per token). */
export function ownPostingsOf(doc: IndexedResource, stamp: string): PostingFields[] {
  return [...blocksOf([doc]).entries()].map(([key, b]) => ({
    _id: `${key}${SEP}${doc._id.toHexString()}${SEP}${stamp}`,
    t: b.t,
    status: b.status,
    g: b.g,
    ids: b.ids,
    n: b.n,
    r: doc._id,
    w: stamp,
  }));
}

/** Inserts in batches; a document already there (an overlapping writer, a rerun) is skipped. */
async function insertAll(
  model: PostingModel | BlockIdsModel | SearchEntryModel,
  rows: readonly object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await model.collection
      .insertMany(rows.slice(i, i + 1000) as never[], { ordered: false })
      .catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
}

/**
 * Drops what older writes of these resources left (entries and own blocks), and this write's
 * own where a newer writer already wrote: the last read wins and nothing is left over.
 */
async function dropSuperseded(
  store: ResourcesStore,
  ids: readonly Types.ObjectId[],
  stamp: string,
): Promise<void> {
  const r = ids.length === 1 ? ids[0] : { $in: [...ids] };
  const hex = ids.map((id) => id.toHexString());
  const e = hex.length === 1 ? hex[0] : { $in: hex };
  await store.postings.deleteMany({ r, w: { $lt: stamp } });
  await store.searchEntries.deleteMany({ r: e, w: { $lt: stamp } });
  // A `find`, not `distinct`: the embedded database serves only the former from the index.
  const newer = await store.searchEntries.find({ r: e, w: { $gt: stamp } }, { r: 1 }).lean();
  if (newer.length === 0) return;
  const superseded = newer.map((p) => p.r);
  await store.postings.deleteMany({ r: { $in: superseded.map(toObjectId) }, w: stamp });
  await store.searchEntries.deleteMany({ r: { $in: superseded }, w: stamp });
}

/**
 * Replaces the search entries and own blocks of these resources with those of `docs` (absent
 * ones lose theirs), read after their write and after taking `stamp`. Writers of one resource
 * can overlap (a view's recount and a review step): each inserts its own, drops the older
 * ones, and drops its own where a newer writer already inserted. Readers may meet both for a
 * moment and keep the newest entry.
 */
export async function writeOwnedPostings(
  store: ResourcesStore,
  ids: readonly Types.ObjectId[],
  docs: readonly IndexedResource[],
  stamp: string,
): Promise<void> {
  if (ids.length === 0) return;
  await insertAll(
    store.searchEntries,
    docs.map((d) => entryOf(d, stamp)),
  );
  await insertAll(
    store.postings,
    docs.flatMap((d) => ownPostingsOf(d, stamp)),
  );
  await dropSuperseded(store, ids, stamp);
}

/**
 * How many resources' bulk blocks are written together: one block per (token, status, tier) of
 * the range instead of per batch, so a token has about a tenth of the blocks (heads) a batch of
 * 5,000 gave it, and a search counts and reads that many fewer documents (at 1,000,000
 * resources, 414–542 heads per token with batches of 5,000). What a range keeps in memory
 * until it is written: its resources' ids per token (some 15 MB for 50,000).
 */
export const BULK_RANGE = 50_000;

export interface BulkPostingWriter {
  /** Writes these resources' entries, and keeps their blocks until the range is full. */
  add(docs: readonly IndexedResource[], stamp: string): Promise<void>;
  /** Writes the blocks kept so far (call once the last batch is added). */
  flush(): Promise<void>;
}

/**
 * The bulk write of new resources (a bulk load, the seed, the start-up build), batch by batch:
 * each batch's entries at once, and the blocks of every `range` resources together, named
 * after the range's first id so that a rerun in the same order (an interrupted build, two
 * instances starting) writes nothing twice. Nothing is deleted (a `$in` of the batch's ids on
 * two collections cost more than the inserts): readers take each resource's newest entry, and
 * an older entry or own block left by an earlier write goes at the resource's next write.
 * `entries: false` writes the blocks only (a rebuild of the blocks over entries that exist).
 * Batches may be added concurrently.
 */
export function bulkPostingWriter(
  store: ResourcesStore,
  options: { entries?: boolean; range?: number } = {},
): BulkPostingWriter {
  const range = options.range ?? BULK_RANGE;
  let blocks: Blocks = new Map();
  let first: string | undefined;
  let kept = 0;
  const flush = async () => {
    if (first === undefined) return;
    const [full, name] = [blocks, first];
    blocks = new Map();
    first = undefined;
    kept = 0;
    await writeBlocks(store, full, name);
  };
  return {
    async add(docs, stamp) {
      if (docs.length === 0) return;
      // Each resource's entry and blocks one after the other: its texts are segmented once.
      const entries: SearchEntryFields[] = [];
      for (const doc of docs) {
        if (options.entries !== false) entries.push(entryOf(doc, stamp));
        addToBlocks(blocks, doc);
      }
      first ??= docs[0]!._id.toHexString();
      kept += docs.length;
      await insertAll(store.searchEntries, entries);
      if (kept >= range) await flush();
    },
    flush,
  };
}

/** The entries and bulk blocks of one batch of resources, written at once (`bulkPostingWriter`). */
export async function writeBulkPostings(
  store: ResourcesStore,
  docs: readonly IndexedResource[],
  stamp: string,
): Promise<void> {
  const writer = bulkPostingWriter(store, { range: Infinity });
  await writer.add(docs, stamp);
  await writer.flush();
}

/** Heads and larger blocks' ids of a range's blocks, every `BLOCK_IDS` ids a part. */
async function writeBlocks(store: ResourcesStore, byToken: Blocks, name: string): Promise<void> {
  const heads: PostingFields[] = [];
  const large: BlockIdsFields[] = [];
  for (const [key, b] of byToken)
    for (let part = 0; part * BLOCK_IDS < b.n; part++) {
      const _id = `${key}${SEP}b${name}${SEP}${part}`;
      const ids = b.ids.slice(part * BLOCK_IDS * ID_LENGTH, (part + 1) * BLOCK_IDS * ID_LENGTH);
      const n = ids.length / ID_LENGTH;
      heads.push({ _id, t: b.t, status: b.status, g: b.g, n, ...(n <= INLINE_IDS && { ids }) });
      if (n > INLINE_IDS) large.push({ _id, ids });
    }
  // The ids before the heads: a head is never read without its ids.
  await insertAll(store.postingBlocks, large);
  await insertAll(store.postings, heads);
}

/** A posting filter's status: one status, or any of several. */
export type PostingStatus = string | { $in: string[] };

/**
 * How many resources each token has at a status, per tier (index = tier): one `$group` the
 * database runs over the tokens' blocks, so only the sums come back. A resource counted twice
 * (an own block and an older bulk one) makes it an upper bound.
 */
export async function countPostings(
  store: ResourcesStore,
  tokens: readonly string[],
  status: PostingStatus,
): Promise<Map<string, number[]>> {
  const counts = new Map<string, number[]>(tokens.map((t) => [t, new Array<number>(TIERS).fill(0)]));
  const t = tokens.length === 1 ? tokens[0] : { $in: [...tokens] };
  const rows = await store.postings.aggregate<{ _id: { t: string; g: number }; n: number }>([
    { $match: { t, status } },
    { $group: { _id: { t: '$t', g: '$g' }, n: { $sum: '$n' } } },
  ]);
  for (const row of rows) {
    const tiers = counts.get(row._id.t);
    if (tiers && row._id.g >= 0 && row._id.g < TIERS) tiers[row._id.g]! += row.n;
  }
  return counts;
}

/**
 * A token's resources at a status, best tier first (`tiers`: the tiers to read, in order),
 * as the blocks arrive: the caller stops when it has enough, and the rest is never read.
 * `whole` when the caller will read them all anyway (few): every tier in one read. A resource
 * may come twice (an own block and an older bulk one).
 */
export async function* postingIds(
  store: ResourcesStore,
  token: string,
  status: PostingStatus,
  tiers: readonly number[],
  options: { whole?: boolean } = {},
): AsyncGenerator<string> {
  if (options.whole) {
    // Few enough to read at once: one read of every head, ordered here, then the larger ones' ids.
    const heads = await store.postings.collection
      .find<Pick<PostingFields, '_id' | 'g' | 'ids'>>(
        { t: token, status, g: { $in: [...tiers] } },
        { projection: { g: 1, ids: 1 }, batchSize: 100_000 },
      )
      .toArray();
    heads.sort((a, b) => a.g - b.g);
    yield* idsOf(store, heads);
    return;
  }
  for (const g of tiers) {
    const cursor = store.postings.collection.find<Pick<PostingFields, '_id' | 'n' | 'ids'>>(
      { t: token, status, g },
      { projection: { n: 1, ids: 1 }, batchSize: HEADS_PER_READ },
    );
    let group: Pick<PostingFields, '_id' | 'n' | 'ids'>[] = [];
    let ids = 0;
    for await (const head of cursor) {
      group.push(head);
      ids += head.n;
      if (ids < IDS_PER_READ && group.length < HEADS_PER_READ) continue;
      yield* idsOf(store, group);
      group = [];
      ids = 0;
    }
    yield* idsOf(store, group);
  }
}

/** Heads read at once, and the ids after which their larger blocks are read (one `$in`). */
const HEADS_PER_READ = 64;
const IDS_PER_READ = 512;

/** The ids of these blocks in their order: inline ones from the head, the others in one read. */
async function* idsOf(
  store: ResourcesStore,
  heads: Pick<PostingFields, '_id' | 'ids'>[],
): AsyncGenerator<string> {
  const large = heads.filter((h) => h.ids === undefined).map((h) => h._id);
  const blocks = new Map<string, string>();
  if (large.length > 0)
    for (const b of await store.postingBlocks.find({ _id: { $in: large } }).lean()) blocks.set(b._id, b.ids);
  for (const head of heads) {
    const ids = head.ids ?? blocks.get(head._id) ?? '';
    for (let i = 0; i < ids.length; i += ID_LENGTH) yield ids.slice(i, i + ID_LENGTH);
  }
}

export const toObjectId = (hex: string) => new Types.ObjectId(hex);
export type { SearchEntryFields };
