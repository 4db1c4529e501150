import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { isDuplicateKey } from './duplicateKey.ts';
import { documentTokens, isIndexedToken } from '../search/tokens.ts';

/**
 * The keyword index in the database (Chinese has no spaces and neither database offers a
 * `$text` that segments it): one document per (token, resource) for every Han bigram and Latin
 * word of a resource's title, description, chapter and edition. A posting carries what a
 * search filters, ranks and facets on, so a search reads the postings of its rarest token and
 * nothing else until the page is chosen.
 *
 * The `_id` is `<token>~<status>~<rank>~<resource id>`: the postings of one token and status
 * form one `_id` range, read in the order of `rank` (the token in the title first, then the
 * most used) through the `_id` index, so a search can stop after its bounded window (string
 * ranges and sorted pages are served by the embedded database's indexes; see
 * infra/ferretdb/patches/README.md). Array fields get no index help there, so every indexed
 * field is a scalar: `t` (counts per token), `r` (rewriting a resource's postings).
 */
export interface PostingFields {
  _id: string;
  /** The token (Han bigram or Latin word). */
  t: string;
  /** The resource. */
  r: Types.ObjectId;
  /** Write stamp: the newest write of a resource's postings wins (see `writePostings`). */
  w: string;
  status: string;
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
  createdAt: Date;
  title: string;
  description: string;
  chapter: string | null;
}

const postingSchema = new Schema<PostingFields>(
  {
    _id: String,
    t: String,
    r: Schema.Types.ObjectId,
    w: String,
    status: String,
    audience: String,
    orgPath: [String],
    createdBy: String,
    stage: String,
    subject: String,
    grade: Number,
    edition: String,
    kind: String,
    originLevel: String,
    sharingState: String,
    popularity: Number,
    createdAt: Date,
    title: String,
    description: String,
    chapter: String,
  },
  { collection: 'resourcepostings', versionKey: false },
);
/** Counts per token (`countDocuments({t, status})`, answered from the index on the embedded database). */
postingSchema.index({ t: 1, status: 1 });
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
const MAX_RANK = 999_999_999;

/** The rank part of a posting's `_id`: the token in the title first, then the most used. */
export function rankKey(inTitle: boolean, popularity: number): string {
  const used = Math.min(Math.max(0, Math.round(popularity)), MAX_RANK);
  return `${inTitle ? 'a' : 'b'}${String(MAX_RANK - used).padStart(9, '0')}`;
}

/** The `_id` range of one token's postings at one status: `[from, to)`. */
export function postingRange(token: string, status: string): { $gte: string; $lt: string } {
  return { $gte: `${token}${SEP}${status}${SEP}`, $lt: `${token}${SEP}${status}${SEP}${SEP}` };
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
  return indexedTokens(doc).map((t) => ({
    _id: [t, status, rankKey(inTitle.has(t), popularity), id].join(SEP),
    t,
    r: doc._id,
    w: stamp,
    status,
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
    createdAt: doc.createdAt ?? new Date(0),
    title: doc.title,
    description: doc.description ?? '',
    chapter: doc.chapter ?? null,
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
        if (!isDuplicateKey(err)) throw err;
      });
  const r = ids.length === 1 ? ids[0] : { $in: [...ids] };
  await postings.deleteMany({ r, w: { $lt: stamp } });
  const newer = await postings.distinct('r', { r, w: { $gt: stamp } });
  if (newer.length) await postings.deleteMany({ r: { $in: newer }, w: stamp });
}
