import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { providerKinds } from '../catalog.ts';
import { toRecordIds } from './ids.ts';
import type { ResourcesStore } from './index.ts';

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

/** The provider with this key, created with `fields` when there is none; null when neither worked. */
export async function findOrCreateProvider(
  store: ResourcesStore,
  key: string,
  fields: Record<string, unknown>,
): Promise<ProviderDoc | null> {
  const existing = await store.providers.findOne({ key }).lean();
  if (existing) return existing as unknown as ProviderDoc;
  try {
    return (await store.providers.create({ key, ...fields })).toObject() as unknown as ProviderDoc;
  } catch {
    // Created concurrently by another request: the unique key decides.
    return (await store.providers.findOne({ key }).lean()) as unknown as ProviderDoc | null;
  }
}

/** Providers by id (one `$in`). */
export async function findProviders(store: ResourcesStore, ids: readonly string[]): Promise<ProviderDoc[]> {
  return (await store.providers.find({ _id: { $in: toRecordIds(ids) } }).lean()) as unknown as ProviderDoc[];
}
