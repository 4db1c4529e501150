import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One entry of a standard code table (代码表: GB/T 2261.1 性别, JY/T 1001 学籍状态…): the code,
 * its Chinese name, other spellings accepted on input, and the days it may be used. Code sets
 * are data: validation and the graph read them from here, so a new or retired code is a write,
 * not a release. `_id` is `table:code`. Not tenanted: the tables are national.
 */
export interface CodeEntryDoc {
  _id: string;
  table: string;
  /** The table's Chinese name and the standard it comes from (the same on every entry). */
  tableName: string;
  standard: string;
  code: string;
  name: string;
  aliases: string[];
  /** YYYY-MM-DD; null: open. */
  validFrom: string | null;
  validTo: string | null;
  changedAt: Date;
}

const codeEntrySchema = new Schema<CodeEntryDoc>(
  {
    _id: { type: String, required: true },
    table: { type: String, required: true },
    tableName: { type: String, required: true },
    standard: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    validFrom: { type: String, default: null },
    validTo: { type: String, default: null },
    changedAt: { type: Date, required: true },
  },
  { collection: 'code_sets', versionKey: false },
);
codeEntrySchema.index({ table: 1, code: 1 }, { unique: true });

export type CodeEntryModel = Model<CodeEntryDoc>;
export const codeEntryModel = (conn: Connection): CodeEntryModel =>
  (conn.models.CodeEntry as CodeEntryModel | undefined) ??
  conn.model<CodeEntryDoc>('CodeEntry', codeEntrySchema);
