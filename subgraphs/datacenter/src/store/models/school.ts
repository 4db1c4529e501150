import { Schema, type Connection, type Model } from 'mongoose';
import type { SchoolKind } from '@edugraph/shared';
import type { SchoolRecord } from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/** 学校 / 教学点 (JY/T 1001 学校基本信息): a school or a teaching point of a central school. */
export interface SchoolDoc extends Tracked, SchoolRecord {
  /** From the code's type digits. */
  kind: SchoolKind;
  schoolCode: string;
  teachingPoint: boolean;
  broadbandConnected: boolean;
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
    /** Its own code: the school level of its path (store/tenancy.ts). */
    schoolCode: { type: String, default: null },
    /** Derived for indexed counts (store/indexFields.ts). */
    teachingPoint: { type: Boolean, default: false },
    broadbandConnected: { type: Boolean, default: false },
    ...trackedFields,
  },
  { collection: 'schools', versionKey: false },
);
schoolSchema.index({ code: 1 }, { unique: true });
// The lists' subtree conditions (store/tenancy.ts) with their order (store/lists.ts SORT_FIELD),
// equality first, then the sort key (then `_id`), as MongoDB wants a compound index.
schoolSchema.index({ provinceCode: 1, code: 1 });
schoolSchema.index({ cityCode: 1, code: 1 });
schoolSchema.index({ countyCode: 1, code: 1 });
schoolSchema.index({ schoolCode: 1, code: 1 });
schoolSchema.index({ centralSchoolCode: 1, code: 1 });

export type SchoolModel = Model<SchoolDoc>;
export const schoolModel = (conn: Connection): SchoolModel =>
  (conn.models.School as SchoolModel | undefined) ?? conn.model<SchoolDoc>('School', schoolSchema);
