import { Schema, type Connection, type Model } from 'mongoose';

/** Entity kinds as the graph names them. */
export const entityKinds = ['REGION', 'SCHOOL', 'CLASS', 'STUDENT', 'TEACHER', 'ASSET'] as const;
export type EntityKind = (typeof entityKinds)[number];

/**
 * The change log behind the sync feed: one entry per change (upsert or tombstone), numbered by
 * a gap-free sequence that is its `_id` (see README.md, "Sync writes and the change feed").
 * Entries are written before the records they describe and never modified; a write batch's
 * entries count only once its commit (ChangeCommitDoc) exists, and the feed stops at the first
 * entry whose batch has no commit yet. Insert-only: updates cost a collection scan per document
 * on the embedded database.
 */
export interface ChangeDoc {
  _id: number;
  kind: EntityKind;
  key: string;
  op: 'UPSERT' | 'DELETE';
  version: number;
  at: Date;
  orgPath: string[];
  /** The record in its sync shape (infra/src/seed/records.ts); null for a delete. */
  record: Record<string, unknown> | null;
  /** The write batch the entry belongs to (its commit's `_id`). */
  batch: string;
  /** An uncommitted entry older than this is repaired by readers (its writer is presumed dead). */
  leaseUntil: Date;
}

const changeSchema = new Schema<ChangeDoc>(
  {
    _id: { type: Number, required: true },
    kind: { type: String, required: true },
    key: { type: String, required: true },
    op: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    orgPath: { type: [String], required: true },
    record: { type: Schema.Types.Mixed, default: null },
    batch: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
  },
  { collection: 'changes', versionKey: false, minimize: false },
);
changeSchema.index({ batch: 1 });

export type ChangeModel = Model<ChangeDoc>;
export const changeModel = (conn: Connection): ChangeModel =>
  (conn.models.Change as ChangeModel | undefined) ?? conn.model<ChangeDoc>('Change', changeSchema);

/** A write batch's outcome: its entries are final, except the aborted ones (writes that did not happen). */
export interface ChangeCommitDoc {
  _id: string;
  aborted: number[];
  at: Date;
  /** Set when a reader committed the batch of a writer presumed dead. */
  repaired: boolean;
}

const commitSchema = new Schema<ChangeCommitDoc>(
  {
    _id: { type: String, required: true },
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
