import { Schema, type Connection, type Model } from 'mongoose';
import type { RegionRecord } from '@edugraph/infra';
import { trackedFields, type Tracked } from './common.ts';

/** 行政区划 (GB/T 2260): the nation, provinces, cities (prefectures) and counties. */
export interface RegionDoc extends Tracked, RegionRecord {}

const regionSchema = new Schema<RegionDoc>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true },
    parentCode: { type: String, default: null },
    ...trackedFields,
  },
  { collection: 'regions', versionKey: false },
);
regionSchema.index({ code: 1 }, { unique: true });
regionSchema.index({ parentCode: 1 });
regionSchema.index({ orgPath: 1 });

export type RegionModel = Model<RegionDoc>;
export const regionModel = (conn: Connection): RegionModel =>
  (conn.models.Region as RegionModel | undefined) ?? conn.model<RegionDoc>('Region', regionSchema);
