import { Schema, type Connection, type Model } from 'mongoose';
import type { ClassRecord } from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/** 班级 (JY/T 1001 班级信息): where resources are pushed (班班通). */
export interface ClassDoc extends Tracked, ClassRecord {}

const classSchema = new Schema<ClassDoc>(
  {
    code: { type: String, required: true },
    schoolCode: { type: String, required: true },
    grade: { type: Number, required: true },
    name: { type: String, required: true },
    enrollmentYear: { type: Number, required: true },
    headTeacherStaffNumber: { type: String, default: null },
    ...trackedFields,
  },
  { collection: 'classes', versionKey: false },
);
classSchema.index({ code: 1 }, { unique: true });
// The lists' subtree conditions (store/tenancy.ts) with their order (store/lists.ts SORT_FIELD),
// equality first, then the sort key (then `_id`), as MongoDB wants a compound index.
classSchema.index({ provinceCode: 1, code: 1 });
classSchema.index({ cityCode: 1, code: 1 });
classSchema.index({ countyCode: 1, code: 1 });
classSchema.index({ schoolCode: 1, code: 1 });

export type ClassModel = Model<ClassDoc>;
export const classModel = (conn: Connection): ClassModel =>
  (conn.models.Class as ClassModel | undefined) ?? conn.model<ClassDoc>('Class', classSchema);
