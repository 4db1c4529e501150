import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The counted figures of one organization (the nation, a province, city, county or school) for
 * one counted collection: what a region's indicators read (counters.ts). `_id` is
 * `<collection>:<code>`, so a region reads one document per counted collection by `_id`.
 * Each service keeps its own in its own database (collection `counters`).
 */
export interface CounterDoc {
  _id: string;
  coll: string;
  code: string;
  /** The figures (e.g. `enrolled`), each the sum of the live records' contributions. */
  [metric: string]: unknown;
}

const counterSchema = new Schema(
  {
    _id: { type: String, required: true },
    coll: { type: String, required: true },
    code: { type: String, required: true },
  },
  { collection: 'counters', versionKey: false, strict: false },
);

export type CounterModel = Model<CounterDoc>;
export const counterModel = (conn: Connection): CounterModel =>
  (conn.models.Counter as CounterModel | undefined) ??
  (conn.model('Counter', counterSchema) as unknown as CounterModel);
