import type { Types } from 'mongoose';

/**
 * Keyset fields of a resource, one string per order a list is read in: ascending string keys
 * are what the embedded database reads a sorted page from through an index (descending orders,
 * dates and numbers fall back to sorting every match; see infra/ferretdb/patches/README.md),
 * and on MongoDB they are ordinary indexed strings. Each ends with the `_id`, so a key is
 * unique and a cursor is the key alone.
 * - `newestKey`: newest first (inverted creation time);
 * - `usedKey`: most used first (inverted popularity), then by id;
 * - `feedKey`: the change feed's order (change time, then id).
 */
export interface ListKeys {
  newestKey: string;
  usedKey: string;
  feedKey: string;
}

const MAX_MS = 9_999_999_999_999;
const MAX_USED = 999_999_999;
const pad = (n: number, width: number) => String(Math.max(0, Math.round(n))).padStart(width, '0');

export const newestKey = (id: Types.ObjectId, createdAt: Date) =>
  `${pad(MAX_MS - createdAt.getTime(), 13)}${id.toHexString()}`;
export const usedKey = (id: Types.ObjectId, popularity: number) =>
  `${pad(MAX_USED - Math.min(popularity, MAX_USED), 9)}${id.toHexString()}`;
export const feedKey = (id: Types.ObjectId, changedAt: Date) =>
  `${pad(changedAt.getTime(), 13)}${id.toHexString()}`;
/** The feed key above every change made at or before `at`. */
export const feedKeyBound = (at: Date) => `${pad(at.getTime(), 13)}g`;

export function listKeys(doc: {
  _id: Types.ObjectId;
  createdAt: Date;
  changedAt: Date;
  popularity?: number | null;
}): ListKeys {
  return {
    newestKey: newestKey(doc._id, new Date(doc.createdAt)),
    usedKey: usedKey(doc._id, doc.popularity ?? 0),
    feedKey: feedKey(doc._id, new Date(doc.changedAt)),
  };
}
