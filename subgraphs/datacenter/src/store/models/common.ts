import type { Types } from 'mongoose';

/**
 * Fields every data-center record carries besides its own: the tenancy path, the change
 * bookkeeping of the sync feed, and the tombstone flag.
 */
export const trackedFields = {
  /** Codes from the nation (100000) down to the owning organization (region or school). */
  orgPath: { type: [String], required: true },
  /** The path's levels as scalar fields, which indexes serve (store/tenancy.ts; schoolCode per model). */
  provinceCode: { type: String, default: null },
  cityCode: { type: String, default: null },
  countyCode: { type: String, default: null },
  /** Bumped by every change that alters the record (never by an unchanged upsert). */
  version: { type: Number, required: true },
  /** Content hash of the record in its sync shape: an upsert with the same hash is UNCHANGED. */
  hash: { type: String, required: true },
  /** Sequence number of the change-log entry of the last change. */
  seq: { type: Number, required: true },
  /** A deleted record stays as a tombstone; lists and lookups skip it. */
  deleted: { type: Boolean, default: false },
  changedAt: { type: Date, required: true },
} as const;

export interface Tracked {
  _id: Types.ObjectId;
  orgPath: string[];
  provinceCode: string | null;
  cityCode: string | null;
  countyCode: string | null;
  version: number;
  hash: string;
  seq: number;
  deleted: boolean;
  changedAt: Date;
}

/** The filter every read adds: live records only. */
export const LIVE = { deleted: false } as const;
