import type { Connection } from 'mongoose';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { clientMetadata } from './clientMetadata.ts';
import type { ClientModel } from '../models/client.ts';
import { openClientSecret } from '../clientSecrets.ts';
import type { SecretBox } from '../secretBox.ts';

/**
 * oidc-provider's storage on MongoDB (and the embedded FerretDB): one collection per model,
 * `oidc_<model>`. FerretDB has no TTL indexes, so expiry is checked on read and expired
 * documents are swept periodically (`sweepExpired`). Clients come from the `clients`
 * collection that administrators manage through the graph.
 */
interface StoredDoc {
  _id: string;
  payload: AdapterPayload;
  expiresAt: Date | null;
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
}

const collectionName = (model: string) =>
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

export function createAdapterClass(conn: Connection, clients: ClientModel, box: SecretBox) {
  return class MongoAdapter implements Adapter {
    readonly name: string;
    constructor(name: string) {
      this.name = name;
    }

    private get coll() {
      return conn.db!.collection<StoredDoc>(collectionName(this.name));
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.name === 'Client') throw new Error('clients are registered through the graph');
      const set: Omit<StoredDoc, '_id'> = {
        payload,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      if (payload.grantId) set.grantId = payload.grantId;
      if (payload.userCode) set.userCode = payload.userCode;
      if (payload.uid) set.uid = payload.uid;
      await this.coll.updateOne({ _id: id }, { $set: set, $unset: { consumed: '' } }, { upsert: true });
    }

    private async findBy(filter: Partial<StoredDoc>): Promise<AdapterPayload | undefined> {
      const doc = await this.coll.findOne(filter);
      if (!doc || (doc.expiresAt && doc.expiresAt.getTime() <= Date.now())) return undefined;
      return doc.consumed ? { ...doc.payload, consumed: doc.consumed } : doc.payload;
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.name === 'Client') {
        const client = await clients.findOne({ clientId: id, disabled: false }).lean();
        return client
          ? clientMetadata({
              ...client,
              clientSecret: openClientSecret(box, client.clientId, client.clientSecret),
            })
          : undefined;
      }
      return this.findBy({ _id: id });
    }

    findByUserCode(userCode: string) {
      return this.findBy({ userCode });
    }

    findByUid(uid: string) {
      return this.findBy({ uid });
    }

    async consume(id: string): Promise<void> {
      await this.coll.updateOne({ _id: id }, { $set: { consumed: Math.floor(Date.now() / 1000) } });
    }

    async destroy(id: string): Promise<void> {
      await this.coll.deleteOne({ _id: id });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await this.coll.deleteMany({ grantId });
    }
  };
}

/** Deletes expired provider documents (FerretDB has no TTL indexes); returns how many. */
export async function sweepExpired(conn: Connection): Promise<number> {
  let removed = 0;
  for (const model of OIDC_MODELS) {
    const result = await conn
      .db!.collection(collectionName(model))
      .deleteMany({ expiresAt: { $lte: new Date() } });
    removed += result.deletedCount;
  }
  return removed;
}

/** Indexes for the secondary lookups (grant revocation, user codes, interaction uids). */
export const adapterIndexes = (): { collection: string; key: Record<string, 1> }[] =>
  OIDC_MODELS.flatMap((model) =>
    ['grantId', 'expiresAt', ...(model === 'Session' ? ['uid'] : [])].map((field) => ({
      collection: collectionName(model),
      key: { [field]: 1 as const },
    })),
  );

export async function ensureAdapterIndexes(conn: Connection): Promise<void> {
  for (const { collection, key } of adapterIndexes()) await conn.db!.collection(collection).createIndex(key);
}
