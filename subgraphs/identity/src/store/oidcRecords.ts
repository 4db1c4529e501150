import type { AdapterPayload } from 'oidc-provider';
import type { IdentityStore } from './index.ts';

/**
 * oidc-provider's records on MongoDB (and the embedded FerretDB): one collection per model,
 * `oidc_<model>`. FerretDB has no TTL indexes, so expiry is checked on read and expired
 * documents are swept periodically (`sweepExpired`).
 */
export interface StoredDoc {
  _id: string;
  payload: AdapterPayload;
  expiresAt: Date | null;
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
  /** When the provider last wrote the record (a session touched, a token issued): "last used". */
  updatedAt?: Date;
}

export const collectionName = (model: string) =>
  `oidc_${model.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase())}`;

export const OIDC_MODELS = [
  'Session',
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'ClientCredentials',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
  'Grant',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'RegistrationAccessToken',
  'InitialAccessToken',
] as const;

/** The records of one provider model (`Session`, `AccessToken`…). */
export function oidcRecords(store: IdentityStore, model: string) {
  const coll = () => store.db().collection<StoredDoc>(collectionName(model));
  return {
    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const set: Omit<StoredDoc, '_id'> = {
        payload,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        updatedAt: new Date(),
      };
      if (payload.grantId) set.grantId = payload.grantId;
      if (payload.userCode) set.userCode = payload.userCode;
      if (payload.uid) set.uid = payload.uid;
      await coll().updateOne({ _id: id }, { $set: set, $unset: { consumed: '' } }, { upsert: true });
    },

    /** The payload of an unexpired record (with `consumed` when it was), or undefined. */
    async findBy(
      filter: Pick<Partial<StoredDoc>, '_id' | 'userCode' | 'uid'>,
    ): Promise<AdapterPayload | undefined> {
      const doc = await coll().findOne(filter);
      if (!doc || (doc.expiresAt && doc.expiresAt.getTime() <= Date.now())) return undefined;
      return doc.consumed ? { ...doc.payload, consumed: doc.consumed } : doc.payload;
    },

    async consume(id: string): Promise<void> {
      await coll().updateOne({ _id: id }, { $set: { consumed: Math.floor(Date.now() / 1000) } });
    },

    async destroy(id: string): Promise<void> {
      await coll().deleteOne({ _id: id });
    },

    async revokeByGrantId(grantId: string): Promise<void> {
      await coll().deleteMany({ grantId });
    },
  };
}

/** Deletes expired provider documents (FerretDB has no TTL indexes); returns how many. */
export async function sweepExpired(store: IdentityStore): Promise<number> {
  let removed = 0;
  for (const model of OIDC_MODELS) {
    const result = await store
      .db()
      .collection(collectionName(model))
      .deleteMany({ expiresAt: { $lte: new Date() } });
    removed += result.deletedCount;
  }
  return removed;
}

/**
 * Indexes for the secondary lookups (grant revocation, user codes, interaction uids, a user's
 * sign-in sessions by `payload.accountId`: `mySessions` and ending one).
 */
export const adapterIndexes = (): { collection: string; key: Record<string, 1> }[] =>
  OIDC_MODELS.flatMap((model) =>
    ['grantId', 'expiresAt', ...(model === 'Session' ? ['uid', 'payload.accountId'] : [])].map((field) => ({
      collection: collectionName(model),
      key: { [field]: 1 as const },
    })),
  );

export async function ensureOidcIndexes(store: IdentityStore): Promise<void> {
  for (const { collection, key } of adapterIndexes())
    await store.db().collection(collection).createIndex(key);
}
