import { Schema, type Connection, type Model } from 'mongoose';
import type { RegionRecord } from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/** 行政区划 (GB/T 2260): the nation, provinces, cities (prefectures) and counties. */
export interface RegionDoc extends Tracked, RegionRecord {
  schoolCode: null;
}

const regionSchema = new Schema<RegionDoc>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true },
    parentCode: { type: String, default: null },
    /** Always null: no region is inside a school (store/tenancy.ts). */
    schoolCode: { type: String, default: null },
    ...trackedFields,
  },
  { collection: 'regions', versionKey: false },
);
regionSchema.index({ code: 1 }, { unique: true });
// The lists' subtree conditions (store/tenancy.ts) with their order (store/lists.ts SORT_FIELD),
// equality first, then the sort key (then `_id`), as MongoDB wants a compound index.
regionSchema.index({ provinceCode: 1, code: 1 });
regionSchema.index({ cityCode: 1, code: 1 });
regionSchema.index({ countyCode: 1, code: 1 });
regionSchema.index({ parentCode: 1, code: 1 });

export type RegionModel = Model<RegionDoc>;
export const regionModel = (conn: Connection): RegionModel =>
  (conn.models.Region as RegionModel | undefined) ?? conn.model<RegionDoc>('Region', regionSchema);
