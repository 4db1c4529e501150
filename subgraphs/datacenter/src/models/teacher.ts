import { Schema, type Connection, type Model } from 'mongoose';
import type { TeacherRecord } from '@edugraph/infra';
import { trackedFields, type Tracked } from './common.ts';

/** 教师 (JY/T 1001 教职工基本信息): a teacher of a school. */
export interface TeacherDoc extends Tracked, TeacherRecord {}

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
    ...trackedFields,
  },
  { collection: 'teachers', versionKey: false },
);
teacherSchema.index({ staffNumber: 1 }, { unique: true });
teacherSchema.index({ orgPath: 1 });
teacherSchema.index({ schoolCode: 1 });
teacherSchema.index({ name: 1 });

export type TeacherModel = Model<TeacherDoc>;
export const teacherModel = (conn: Connection): TeacherModel =>
  (conn.models.Teacher as TeacherModel | undefined) ?? conn.model<TeacherDoc>('Teacher', teacherSchema);
