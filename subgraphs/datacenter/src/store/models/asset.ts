import { Schema, type Connection, type Model } from 'mongoose';
import type { AssetRecord } from '@edugraph/shared';
import { trackedFields, type Tracked } from './common.ts';

/** 资产 / 装备 (JY/T 1001 资产信息): devices, rooms and network links of a school. */
export interface AssetDoc extends Tracked, AssetRecord {}

const assetSchema = new Schema<AssetDoc>(
  {
    assetTag: { type: String, required: true },
    schoolCode: { type: String, required: true },
    category: { type: String, required: true },
    name: { type: String, required: true },
    quantity: { type: Number, required: true },
    unitValue: { type: Number, required: true },
    acquiredDate: { type: String, required: true },
    status: { type: String, required: true },
    ...trackedFields,
  },
  { collection: 'assets', versionKey: false },
);
assetSchema.index({ assetTag: 1 }, { unique: true });
// The lists' subtree conditions (store/tenancy.ts) with their order (store/lists.ts SORT_FIELD),
// equality first, then the sort key (then `_id`), as MongoDB wants a compound index.
assetSchema.index({ provinceCode: 1, assetTag: 1 });
assetSchema.index({ cityCode: 1, assetTag: 1 });
assetSchema.index({ countyCode: 1, assetTag: 1 });
assetSchema.index({ schoolCode: 1, assetTag: 1 });

export type AssetModel = Model<AssetDoc>;
export const assetModel = (conn: Connection): AssetModel =>
  (conn.models.Asset as AssetModel | undefined) ?? conn.model<AssetDoc>('Asset', assetSchema);
