import { Schema, type Connection, type Model } from 'mongoose';
import type { SchoolKind } from '@edugraph/shared';
import type { SchoolRecord } from '@edugraph/infra';
import { trackedFields, type Tracked } from './common.ts';

/** 学校 / 教学点 (JY/T 1001 学校基本信息): a school or a teaching point of a central school. */
export interface SchoolDoc extends Tracked, SchoolRecord {
  /** From the code's type digits. */
  kind: SchoolKind;
}

const schoolSchema = new Schema<SchoolDoc>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    regionCode: { type: String, required: true },
    address: { type: String, default: '' },
    centralSchoolCode: { type: String, default: null },
    broadbandMbps: { type: Number, required: true },
    classrooms: { type: Number, required: true },
    multimediaClassrooms: { type: Number, required: true },
    principal: { type: String, default: '' },
    urban: { type: Boolean, required: true },
    ...trackedFields,
  },
  { collection: 'schools', versionKey: false },
);
schoolSchema.index({ code: 1 }, { unique: true });
schoolSchema.index({ orgPath: 1 });
schoolSchema.index({ regionCode: 1 });
schoolSchema.index({ centralSchoolCode: 1 });
schoolSchema.index({ name: 1 });

export type SchoolModel = Model<SchoolDoc>;
export const schoolModel = (conn: Connection): SchoolModel =>
  (conn.models.School as SchoolModel | undefined) ?? conn.model<SchoolDoc>('School', schoolSchema);
