import { isDuplicateKeyError } from '@edugraph/shared';
import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { documentTokens, isIndexedToken } from '../search/tokens.ts';
import type { ResourcesStore } from './index.ts';

/**
 * The keyword index in the database (Chinese has no spaces and neither database offers a
 * `$text` that segments it): one document per (token, resource) for every Han bigram and Latin
 * word of a resource's title, description, chapter and edition. A posting carries what a
 * search filters, ranks and facets on (`d`), so a search reads the postings of its rarest token
 * and nothing else until the page is chosen.
 *
 * Read by equality on `{t, status}` and, when a token has more postings than a search reads,
 * tier by tier (`g`: the token in the title first, then the most used by order of magnitude),
 * all through one index `{t, status, g}`: equality is what the embedded database serves best
 * (string ranges on Han text read far more than they return there; see
 * infra/ferretdb/patches/README.md). Array fields get no index help there, so every indexed
 * field is a scalar. The `_id` is `<token>~<resource id>~<write stamp>`: each write of a
 * resource inserts new postings and drops the older ones.
 * What is only read back travels as one JSON string: the embedded database stores a type
 * schema per field of every document, which made fifteen separate fields triple a posting.
 */
export interface PostingFields {
  _id: string;
  /** The token (Han bigram or Latin word). */
  t: string;
  status: string;
  /** Tier, 0 first: `rankTier`. */
  g: number;
  /** The resource. */
  r: Types.ObjectId;
  /** Write stamp: the newest write of a resource's postings wins (see `writePostings`). */
  w: string;
  /** `PostingData` as JSON. */
  d: string;
}

/** What a search needs of a resource besides its status. */
export interface PostingData {
  audience: string;
  orgPath: string[];
  createdBy: string;
  stage: string;
  subject: string;
  grade: number | null;
  edition: string | null;
  kind: string;
  originLevel: string;
  sharingState: string;
  popularity: number;
  createdAtMs: number;
  title: string;
  description: string;
  chapter: string | null;
}

const postingSchema = new Schema<PostingFields>(
  {
    _id: String,
    t: String,
    status: String,
    g: Number,
    r: Schema.Types.ObjectId,
    w: String,
    d: String,
  },
  { collection: 'resourcepostings', versionKey: false },
);
/** A token's postings at a status, tier by tier; counts per token (`countDocuments({t, status})`). */
postingSchema.index({ t: 1, status: 1, g: 1 });
/** A resource's postings, rewritten on each of its writes. */
postingSchema.index({ r: 1 });

export type PostingModel = Model<PostingFields>;

export const postingModel = (conn: Connection): PostingModel =>
  (conn.models.ResourcePosting as PostingModel | undefined) ??
  conn.model<PostingFields>('ResourcePosting', postingSchema);

/** What a resource's postings are made of (a resource read without its history is enough). */
export interface IndexedResource {
  _id: Types.ObjectId;
  title: string;
  description?: string | null;
  chapter?: string | null;
  edition?: string | null;
  status?: string | null;
  audience: string;
  orgPath: string[];
  createdBy: string;
  stage: string;
  subject: string;
  grade?: number | null;
  kind: string;
  originLevel: string;
  sharing?: { state?: string | null } | null;
  popularity?: number | null;
  createdAt?: Date | null;
}

export const SEP = '~';
export const TIERS = 10;

/** The order a token's postings are read in: the token in the title first, then the most used (0 first). */
export function rankTier(inTitle: boolean, popularity: number): number {
  const magnitude = Math.min(4, Math.floor(Math.log10(1 + Math.max(0, popularity))));
  return (inTitle ? 0 : 5) + (4 - magnitude);
}

/** The indexed tokens of a resource: its Han bigrams and Latin words. */
export function indexedTokens(doc: Pick<IndexedResource, 'title' | 'description' | 'chapter' | 'edition'>) {
  return documentTokens(doc.title, doc.description, doc.chapter, doc.edition).filter(isIndexedToken);
}

export function postingsOf(doc: IndexedResource, stamp: string): PostingFields[] {
  const status = doc.status ?? 'DRAFT';
  const popularity = doc.popularity ?? 0;
  const inTitle = new Set(documentTokens(doc.title));
  const id = doc._id.toHexString();
  const data: PostingData = {
    audience: doc.audience,
    orgPath: [...doc.orgPath],
    createdBy: doc.createdBy,
    stage: doc.stage,
    subject: doc.subject,
    grade: doc.grade ?? null,
    edition: doc.edition ?? null,
    kind: doc.kind,
    originLevel: doc.originLevel,
    sharingState: doc.sharing?.state ?? 'NONE',
    popularity,
    createdAtMs: doc.createdAt ? new Date(doc.createdAt).getTime() : 0,
    title: doc.title,
    description: doc.description ?? '',
    chapter: doc.chapter ?? null,
  };
  const d = JSON.stringify(data);
  return indexedTokens(doc).map((t) => ({
    _id: [t, id, stamp].join(SEP),
    t,
    status,
    g: rankTier(inTitle.has(t), popularity),
    r: doc._id,
    w: stamp,
    d,
  }));
}

/** Increasing across writers up to clock skew: milliseconds, then a random tie-breaker. */
export function writeStamp(): string {
  return `${String(Date.now()).padStart(15, '0')}${randomBytes(4).toString('hex')}`;
}

/**
 * Replaces the postings of these resources with those of `docs` (absent ones lose theirs),
 * read after their write and after taking `stamp`. Writers of one resource can overlap (a
 * view's recount and a review step): each inserts its postings, drops the older ones, and
 * drops its own where a newer writer already inserted — so the postings of the last read win
 * and none are left over. Readers may meet both sets for a moment and keep one per resource.
 */
export async function writePostings(
  postings: PostingModel,
  ids: readonly Types.ObjectId[],
  docs: readonly IndexedResource[],
  stamp: string,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = docs.flatMap((doc) => postingsOf(doc, stamp));
  for (let i = 0; i < rows.length; i += 5000)
    await postings.collection
      .insertMany(rows.slice(i, i + 5000) as never[], { ordered: false })
      .catch((err: unknown) => {
        // The same posting inserted by an overlapping writer that read the same state.
        if (!isDuplicateKeyError(err)) throw err;
      });
  const r = ids.length === 1 ? ids[0] : { $in: [...ids] };
  await postings.deleteMany({ r, w: { $lt: stamp } });
  // A `find`, not `distinct`: the embedded database serves only the former from the index.
  const newer = await postings.find({ r, w: { $gt: stamp } }, { r: 1 }).lean();
  if (newer.length) await postings.deleteMany({ r: { $in: newer.map((p) => p.r) }, w: stamp });
}

/** A posting filter's status: one status, or any of several. */
export type PostingStatus = string | { $in: string[] };

/** How many postings a token has at a status (answered from the `{t, status, g}` index). */
export function countPostings(store: ResourcesStore, token: string, status: PostingStatus): Promise<number> {
  return store.postings.countDocuments({ t: token, status }).exec();
}

/** A token's postings at a status: all of them, or one tier's first `limit`. */
export async function readPostings(
  store: ResourcesStore,
  token: string,
  status: PostingStatus,
  tier?: { g: number; limit: number },
): Promise<PostingFields[]> {
  if (!tier) return (await store.postings.find({ t: token, status }).lean()) as PostingFields[];
  return (await store.postings
    .find({ t: token, status, g: tier.g })
    .limit(tier.limit)
    .lean()) as PostingFields[];
}
