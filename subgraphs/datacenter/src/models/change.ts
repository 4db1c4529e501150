import { Schema, type Connection, type Model } from 'mongoose';

/** Entity kinds as the graph names them. */
export const entityKinds = ['REGION', 'SCHOOL', 'CLASS', 'STUDENT', 'TEACHER', 'ASSET'] as const;
export type EntityKind = (typeof entityKinds)[number];

export type ChangeState = 'PENDING' | 'SETTLED' | 'ABORTED';

/**
 * The change log behind the sync feed: one entry per change (upsert or tombstone), numbered by
 * a gap-free sequence that is its `_id` (see docs/decisions/0002-datacenter-change-feed.md).
 * An entry is written PENDING before the record itself and SETTLED after; the feed only hands
 * out entries below the lowest unsettled one.
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
  state: ChangeState;
  /** A PENDING entry older than this is repaired by readers (its writer is presumed dead). */
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
    state: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
  },
  { collection: 'changes', versionKey: false, minimize: false },
);
changeSchema.index({ state: 1 });
changeSchema.index({ orgPath: 1 });

export type ChangeModel = Model<ChangeDoc>;
export const changeModel = (conn: Connection): ChangeModel =>
  (conn.models.Change as ChangeModel | undefined) ?? conn.model<ChangeDoc>('Change', changeSchema);
