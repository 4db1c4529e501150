import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { providerKinds } from '../catalog.ts';

/**
 * Who supplies a resource (企业竞争提供): an organization (a region's education authority or a
 * school), a teacher (an identity user), or a company. `key` makes each provider unique: the
 * organization code, the user id, or the company's unified social credit code.
 */
const providerSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, enum: providerKinds, required: true },
    name: { type: String, required: true },
    organization: { type: String, default: null },
    userId: { type: String, default: null },
    creditCode: { type: String, default: null },
  },
  { timestamps: true, collection: 'providers' },
);

export type ProviderFields = InferSchemaType<typeof providerSchema>;
export type ProviderDoc = ProviderFields & { _id: Types.ObjectId };
export type ProviderModel = Model<ProviderFields>;

export const providerModel = (conn: Connection): ProviderModel =>
  (conn.models.Provider as ProviderModel | undefined) ?? conn.model('Provider', providerSchema);
