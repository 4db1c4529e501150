import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * The keyword index in the database (Chinese has no spaces and neither database offers a
 * `$text` that segments it): for every Han bigram and Latin word of a resource's title,
 * description, chapter and edition, its resources — in blocks. A block holds resources of one
 * token at one status and one ranking tier (`g`: the token in the title first, then the most
 * used by order of magnitude; `rankTier`) as one string of ids (24 hex digits each). What a
 * search ranks on is stored once per resource (`searchEntries.ts`).
 *
 * Each block has a **head** (`searchheads`): its token, status, tier and number of ids `n`,
 * and the ids themselves when they are few (`INLINE_IDS`); a larger block's ids are a document
 * of `searchblocks` under the head's `_id`. So what a search counts per tier in the database
 * (one `$group` over its tokens' heads) is small documents, and what it reads of its rarest
 * token stops once its window is full (`postingSearch.ts`), whatever the catalog's size.
 *
 * Two kinds of blocks, read alike by equality on `{t, status, g}`:
 * - a resource's own blocks (one id each, `r` and `w` set), written by every write of it
 *   (`writeOwnedPostings`) and replaced by its next write: one head per token;
 * - bulk blocks (`r` unset), written for new resources at once by a bulk load, the seed or the
 *   start-up build (`bulkPostingWriter`): one per (token, status, tier) of a range of
 *   `BULK_RANGE` resources, split every `BLOCK_IDS` ids, instead of one per (token, resource). They are never
 *   rewritten: when a resource is written later its own blocks and entry say what holds now,
 *   and a search checks every candidate against its newest entry (status, tokens, rules), so
 *   a bulk block only ever adds a candidate that is then dropped.
 * Equality is what the embedded database serves best (see infra/ferretdb/patches/README.md),
 * and array fields get no index help there, so ids are one string.
 */
export interface PostingFields {
  /**
   * Own: `<token>~<status>~<tier>~<resource id>~<stamp>`;
   * bulk: `<token>~<status>~<tier>~b<first id of the range>~<part>`.
   */
  _id: string;
  /** The token (Han bigram or Latin word). */
  t: string;
  status: string;
  /** The block's ranking tier (`rankTier`), 0 (best) to 9. */
  g: number;
  /** How many ids the block holds. */
  n: number;
  /** The ids (24 hex digits each) when at most `INLINE_IDS`; else in `searchblocks`. */
  ids?: string;
  /** Own blocks only: the resource and the write stamp. */
  r?: Types.ObjectId;
  w?: string;
}

/** A larger block's ids, under its head's `_id`. */
export interface BlockIdsFields {
  _id: string;
  ids: string;
}

/** Blocks of at most this many ids keep them in their head (own blocks hold one). */
export const INLINE_IDS = 8;

const headSchema = new Schema<PostingFields>(
  {
    _id: String,
    t: String,
    status: String,
    g: Number,
    n: Number,
    ids: String,
    r: Schema.Types.ObjectId,
    w: String,
  },
  { collection: 'searchheads', versionKey: false },
);
/** A token's blocks at a status, tier by tier. */
headSchema.index({ t: 1, status: 1, g: 1 });
/** A resource's own blocks, replaced on each of its writes. */
headSchema.index({ r: 1 });

const blockSchema = new Schema<BlockIdsFields>(
  { _id: String, ids: String },
  { collection: 'searchblocks', versionKey: false },
);

export type PostingModel = Model<PostingFields>;
export type BlockIdsModel = Model<BlockIdsFields>;

export const postingModel = (conn: Connection): PostingModel =>
  (conn.models.SearchHead as PostingModel | undefined) ?? conn.model<PostingFields>('SearchHead', headSchema);

export const blockIdsModel = (conn: Connection): BlockIdsModel =>
  (conn.models.SearchBlock as BlockIdsModel | undefined) ??
  conn.model<BlockIdsFields>('SearchBlock', blockSchema);
