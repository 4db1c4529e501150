import { Schema, type Connection, type Model } from 'mongoose';
import type { StudentRecord } from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/** 学生 (JY/T 1001 学生基本信息, 学籍): a student's registry record. */
export interface StudentDoc extends Tracked, StudentRecord {
  nameKey: string;
}

const studentSchema = new Schema<StudentDoc>(
  {
    registryNumber: { type: String, required: true },
    name: { type: String, required: true },
    gender: { type: String, required: true },
    birthDate: { type: String, required: true },
    idNumber: { type: String, default: null },
    ethnicity: { type: String, required: true },
    schoolCode: { type: String, required: true },
    classCode: { type: String, required: true },
    status: { type: String, required: true },
    enrollmentYear: { type: Number, required: true },
    // JY/T 1001 codes (shared/src/records/codeTables.ts); null when the source did not carry them.
    idType: { type: String, default: null },
    overseasStatus: { type: String, default: null },
    householdType: { type: String, default: null },
    leftBehind: { type: String, default: null },
    migrantChild: { type: Boolean, default: null },
    disability: { type: String, default: null },
    health: { type: String, default: null },
    /** The lists' order, name then `_id` as one unique string (store/indexFields.ts nameKey). */
    nameKey: { type: String, default: null },
    ...trackedFields,
  },
  { collection: 'students', versionKey: false },
);
studentSchema.index({ registryNumber: 1 }, { unique: true });
// The lists' subtree conditions (store/tenancy.ts) with their order (store/lists.ts SORT_FIELD),
// equality first, then the sort key (then `_id`), as MongoDB wants a compound index.
studentSchema.index({ provinceCode: 1, nameKey: 1 });
studentSchema.index({ cityCode: 1, nameKey: 1 });
studentSchema.index({ countyCode: 1, nameKey: 1 });
studentSchema.index({ schoolCode: 1, nameKey: 1 });
studentSchema.index({ classCode: 1, nameKey: 1 });
studentSchema.index({ nameKey: 1 });

export type StudentModel = Model<StudentDoc>;
export const studentModel = (conn: Connection): StudentModel =>
  (conn.models.Student as StudentModel | undefined) ?? conn.model<StudentDoc>('Student', studentSchema);
