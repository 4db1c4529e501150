import { isDuplicateKeyError } from '@edugraph/shared';
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { documentTokens, isIndexedToken } from '../search/tokens.ts';
import type { ResourcesStore } from './index.ts';
import {
  SEP,
  entryOf,
  type IndexedResource,
  type SearchEntryFields,
  type SearchEntryModel,
} from './searchEntries.ts';

export { writeStamp, type IndexedResource, type PostingData } from './searchEntries.ts';

/**
 * The keyword index in the database (Chinese has no spaces and neither database offers a
 * `$text` that segments it): for every Han bigram and Latin word of a resource's title,
 * description, chapter and edition, its resources — in blocks. A block holds resources of one
 * token at one status and one ranking tier (`g`: the token in the title first, then the most
 * used by order of magnitude; `rankTier`) as one string of ids (`ids`, 24 hex digits each) and
 * their number (`n`). What a search ranks on is stored once per resource (`searchEntries.ts`).
 *
 * Keeping tiers apart is what bounds a search: it reads its rarest token's blocks best tier
 * first and stops once its window is full (`postingSearch.ts`), whatever the catalog's size;
 * the counts per tier come from one `$group` in the database.
 *
 * Two kinds of blocks, read alike by equality on `{t, status, g}`:
 * - a resource's own blocks (one id each, `r` and `w` set), written by every write of it
 *   (`writeOwnedPostings`) and replaced by its next write: one document per token;
 * - bulk blocks (`r` unset), written for a batch of new resources at once by a bulk load, the
 *   seed or the start-up build (`writeBulkPostings`): one document per (token, status, tier)
 *   of the batch (split every `BLOCK_IDS` ids) instead of one per (token, resource). They are
 *   never rewritten: when a resource is written later its own blocks and entry say what holds
 *   now, and a search checks every candidate against its newest entry (status, tokens, rules),
 *   so a bulk block only ever adds a candidate that is then dropped.
 * Equality is what the embedded database serves best (see infra/ferretdb/patches/README.md),
 * and array fields get no index help there, so the ids are one string.
 */
export interface PostingFields {
  /**
   * Own: `<token>~<status>~<tier>~<resource id>~<stamp>`;
   * bulk: `<token>~<status>~<tier>~b<first id of the batch>~<part>`.
   */
  _id: string;
  /** The token (Han bigram or Latin word). */
  t: string;
  status: string;
  /** The block's ranking tier (`rankTier`), 0 (best) to 9. */
  g: number;
  /** Resource ids, 24 hex digits each. */
  ids: string;
  /** How many ids. */
  n: number;
  /** Own blocks only: the resource and the write stamp. */
  r?: Types.ObjectId;
  w?: string;
}

const postingSchema = new Schema<PostingFields>(
  {
    _id: String,
    t: String,
    status: String,
    g: Number,
    ids: String,
    n: Number,
    r: Schema.Types.ObjectId,
    w: String,
  },
  { collection: 'searchblocks', versionKey: false },
);
/** A token's blocks at a status, tier by tier. */
postingSchema.index({ t: 1, status: 1, g: 1 });
/** A resource's own blocks, replaced on each of its writes. */
postingSchema.index({ r: 1 });

export type PostingModel = Model<PostingFields>;

export const postingModel = (conn: Connection): PostingModel =>
  (conn.models.SearchPosting as PostingModel | undefined) ??
  conn.model<PostingFields>('SearchPosting', postingSchema);

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

type Blocks = Map<string, { t: string; status: string; g: number; ids: string[] }>;

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
    if (!block) blocks.set(key, (block = { t, status, g, ids: [] }));
    block.ids.push(id);
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
    ids: b.ids.join(''),
    n: b.ids.length,
    r: doc._id,
    w: stamp,
  }));
}

/** Inserts in batches; a document already there (an overlapping writer, a rerun) is skipped. */
async function insertAll(model: PostingModel | SearchEntryModel, rows: readonly object[]): Promise<void> {
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
 * The entries and bulk blocks of a batch of resources (new ones, or a whole catalog being
 * indexed): one block per (token, status, tier) of the batch and every `BLOCK_IDS` ids, named
 * after the batch's first id so that a rerun of the same batch (an interrupted build, two
 * instances starting) writes nothing twice. Nothing is deleted (a `$in` of the batch's ids on
 * two collections cost more than the inserts): readers take each resource's newest entry, and
 * an older entry or own block left by an earlier write goes at the resource's next write.
 * `entries: false` writes the blocks only (a rebuild of the blocks over entries that exist).
 */
export async function writeBulkPostings(
  store: ResourcesStore,
  docs: readonly IndexedResource[],
  stamp: string,
  options: { entries?: boolean } = {},
): Promise<void> {
  if (docs.length === 0) return;
  const batch = docs[0]!._id.toHexString();
  // Each resource's entry and blocks one after the other: its texts are segmented once.
  const entries: SearchEntryFields[] = [];
  const byToken: Blocks = new Map();
  for (const doc of docs) {
    if (options.entries !== false) entries.push(entryOf(doc, stamp));
    addToBlocks(byToken, doc);
  }
  const blocks: PostingFields[] = [];
  for (const [key, b] of byToken)
    for (let part = 0; part * BLOCK_IDS < b.ids.length; part++) {
      const ids = b.ids.slice(part * BLOCK_IDS, (part + 1) * BLOCK_IDS);
      blocks.push({
        _id: `${key}${SEP}b${batch}${SEP}${part}`,
        t: b.t,
        status: b.status,
        g: b.g,
        ids: ids.join(''),
        n: ids.length,
      });
    }
  await insertAll(store.searchEntries, entries);
  await insertAll(store.postings, blocks);
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
 * as the blocks arrive: the caller stops when it has enough, and the rest is never read. A
 * resource may come twice (an own block and an older bulk one).
 */
export async function* postingIds(
  store: ResourcesStore,
  token: string,
  status: PostingStatus,
  tiers: readonly number[],
): AsyncGenerator<string> {
  for (const g of tiers) {
    // A few blocks per round trip: a search usually needs the first ones only.
    const cursor = store.postings.collection.find<Pick<PostingFields, 'ids'>>(
      { t: token, status, g },
      { projection: { ids: 1 }, batchSize: 20 },
    );
    for await (const row of cursor)
      for (let i = 0; i < row.ids.length; i += ID_LENGTH) yield row.ids.slice(i, i + ID_LENGTH);
  }
}

export const toObjectId = (hex: string) => new Types.ObjectId(hex);
export type { SearchEntryFields };
