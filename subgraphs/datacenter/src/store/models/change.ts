import { Schema, type Connection, type Model } from 'mongoose';
import type { Binary } from 'mongodb';

/** Entity kinds as the graph names them. */
export const entityKinds = [
  'REGION',
  'SCHOOL',
  'CLASS',
  'STUDENT',
  'TEACHER',
  'ASSET',
  'TERM',
  'COURSE',
  'ENROLLMENT',
  'ASSIGNMENT',
  'GUARDIAN',
] as const;
export type EntityKind = (typeof entityKinds)[number];

/**
 * One change as the sync feed hands it out (read out of its write batch, src/store/changeLog.ts).
 * `_id` is its sequence number: batch number × BATCH_SPAN + its index in the batch.
 */
export interface ChangeDoc {
  _id: number;
  kind: EntityKind;
  key: string;
  op: 'UPSERT' | 'DELETE';
  version: number;
  at: Date;
  orgPath: string[];
  /** The record in its sync shape (shared/src/records/); null for a delete. */
  record: Record<string, unknown> | null;
}

/**
 * A write batch: the change log behind the sync feed (README.md, "Sync writes and the change feed"). Numbered by a gap-free
 * sequence that is its `_id`; written before the records it describes and never modified. Its
 * changes count only once its commit (ChangeCommitDoc) exists. The changes themselves are one
 * compressed BSON blob: the embedded database encodes a large document of nested records ten
 * times slower than a binary field, and decodes every document of the collection for any filter.
 */
export interface ChangeBatchDoc {
  _id: number;
  kind: EntityKind;
  at: Date;
  /** Changes in the batch (the blob holds them). */
  count: number;
  /** An uncommitted batch older than this is repaired by readers (its writer is presumed dead). */
  leaseUntil: Date;
  /** deflate-raw of BSON `{ changes: LoggedChange[] }` (src/store/changeLog.ts). */
  data: Binary;
}

const changeBatchSchema = new Schema<ChangeBatchDoc>(
  {
    _id: { type: Number, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    count: { type: Number, required: true },
    leaseUntil: { type: Date, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: 'change_batches', versionKey: false },
);

export type ChangeBatchModel = Model<ChangeBatchDoc>;
export const changeBatchModel = (conn: Connection): ChangeBatchModel =>
  (conn.models.ChangeBatch as ChangeBatchModel | undefined) ??
  conn.model<ChangeBatchDoc>('ChangeBatch', changeBatchSchema);

/** A write batch's outcome: its changes are final, except the aborted ones (writes that did not happen). */
export interface ChangeCommitDoc {
  /** The batch's number. */
  _id: number;
  /** Sequence numbers of the aborted changes. */
  aborted: number[];
  at: Date;
  /** Set when a reader committed the batch of a writer presumed dead. */
  repaired: boolean;
}

const commitSchema = new Schema<ChangeCommitDoc>(
  {
    _id: { type: Number, required: true },
    aborted: { type: [Number], default: [] },
    at: { type: Date, required: true },
    repaired: { type: Boolean, default: false },
  },
  { collection: 'change_commits', versionKey: false },
);

export type ChangeCommitModel = Model<ChangeCommitDoc>;
export const changeCommitModel = (conn: Connection): ChangeCommitModel =>
  (conn.models.ChangeCommit as ChangeCommitModel | undefined) ??
  conn.model<ChangeCommitDoc>('ChangeCommit', commitSchema);
