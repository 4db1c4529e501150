import { Schema, type Connection, type Model } from 'mongoose';
import type { TeacherRecord } from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/** 教师 (JY/T 1001 教职工基本信息): a teacher of a school. */
export interface TeacherDoc extends Tracked, TeacherRecord {
  meetsTrainingTarget: boolean;
  nameKey: string;
}

const teacherSchema = new Schema<TeacherDoc>(
  {
    staffNumber: { type: String, required: true },
    name: { type: String, required: true },
    gender: { type: String, required: true },
    idNumber: { type: String, required: true },
    schoolCode: { type: String, required: true },
    subjects: { type: [String], default: [] },
    title: { type: String, required: true },
    employmentStatus: { type: String, required: true },
    trainingHours: { type: Number, required: true },
    // JY/T 1001 codes (shared/src/records/codeTables.ts); null when the source did not carry them.
    idType: { type: String, default: null },
    ethnicity: { type: String, default: null },
    education: { type: String, default: null },
    staffing: { type: String, default: null },
    qualification: { type: String, default: null },
    health: { type: String, default: null },
    /** Derived for indexed counts (store/indexFields.ts). */
    meetsTrainingTarget: { type: Boolean, default: false },
    /** The lists' order, name then `_id` as one unique string (store/indexFields.ts nameKey). */
    nameKey: { type: String, default: null },
    ...trackedFields,
  },
  { collection: 'teachers', versionKey: false },
);
teacherSchema.index({ staffNumber: 1 }, { unique: true });
// The lists' subtree conditions (store/tenancy.ts) with their order (store/lists.ts SORT_FIELD),
// equality first, then the sort key (then `_id`), as MongoDB wants a compound index.
teacherSchema.index({ provinceCode: 1, nameKey: 1 });
teacherSchema.index({ cityCode: 1, nameKey: 1 });
teacherSchema.index({ countyCode: 1, nameKey: 1 });
teacherSchema.index({ schoolCode: 1, nameKey: 1 });
teacherSchema.index({ nameKey: 1 });

export type TeacherModel = Model<TeacherDoc>;
export const teacherModel = (conn: Connection): TeacherModel =>
  (conn.models.Teacher as TeacherModel | undefined) ?? conn.model<TeacherDoc>('Teacher', teacherSchema);
