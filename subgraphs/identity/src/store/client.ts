import { withDatabaseLock } from '@edugraph/shared';
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import type { IdentityStore } from './index.ts';

export const clientKinds = ['PORTAL', 'SERVICE'] as const;
export type ClientKind = (typeof clientKinds)[number];

/**
 * An OAuth client registered by an administrator: a school portal (authorization code +
 * PKCE), or a service (client credentials: sync jobs, provincial platforms). Each is limited
 * to its scopes and its organization's subtree; service tokens carry `roles` and `orgPath`.
 */
const clientSchema = new Schema(
  {
    clientId: { type: String, required: true, unique: true },
    /** Compared by the OpenID provider with the presented secret; null for public portals. */
    clientSecret: { type: String, default: null },
    name: { type: String, required: true },
    kind: { type: String, enum: clientKinds, required: true },
    organization: { type: String, required: true },
    orgPath: { type: [String], required: true, index: true },
    scopes: { type: [String], default: [] },
    roles: { type: [String], default: [] },
    redirectUris: { type: [String], default: [] },
    postLogoutRedirectUris: { type: [String], default: [] },
    /** The school's name from the data center (shown on the consent page); null for regions. */
    organizationName: { type: String, default: null },
    /**
     * First-party portals skip the consent screen. Only national administrators (and the
     * operator's seed) make one; `firstPartyBy` records who, and a first-party flag without it
     * (clients of older versions, where every portal was first-party) is cleared at start.
     */
    firstParty: { type: Boolean, default: false },
    firstPartyBy: { type: String, default: null },
    disabled: { type: Boolean, default: false },
    createdBy: { type: String, default: null },
    secretRotatedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'clients' },
);

export type ClientDoc = InferSchemaType<typeof clientSchema>;
export type ClientModel = Model<ClientDoc>;

export const clientModel = (conn: Connection): ClientModel =>
  (conn.models.Client as ClientModel | undefined) ?? conn.model('Client', clientSchema);

/**
 * Every update of a stored client runs under this lock, across processes: the embedded database
 * reads and rewrites a whole document without isolation, so a client disabled or given a new
 * secret while `npm run reencrypt` rewrites the same record could be put back as it was.
 * (MongoDB needs no lock; it costs two small writes per update, and clients change rarely.)
 */
export const withClientWriteLock = <T>(store: IdentityStore, work: () => Promise<T>): Promise<T> =>
  withDatabaseLock(store.db(), 'identity-clients', work);

/** A client by its client id (only an enabled one with `enabledOnly`), or null. */
export async function findClient(
  store: IdentityStore,
  clientId: string | undefined,
  options: { enabledOnly?: boolean } = {},
): Promise<ClientDoc | null> {
  const filter = options.enabledOnly ? { clientId, disabled: false } : { clientId };
  return (await store.clients.findOne(filter).lean()) as ClientDoc | null;
}

/** Whether an enabled client has this client id. */
export async function isEnabledClient(store: IdentityStore, clientId: string | undefined): Promise<boolean> {
  return Boolean(await store.clients.findOne({ clientId, disabled: false }, { _id: 1 }).lean());
}

/** Inserts a client; a taken client id throws the database's duplicate-key error. */
export async function insertClient(
  store: IdentityStore,
  fields: Record<string, unknown>,
): Promise<ClientDoc> {
  return (await store.clients.create(fields)).toObject() as ClientDoc;
}

/** Sets fields of a client; returns it as updated (null when it is gone). */
export async function updateClient(
  store: IdentityStore,
  clientId: string,
  set: Record<string, unknown>,
): Promise<ClientDoc | null> {
  return withClientWriteLock(
    store,
    async () =>
      (await store.clients
        .findOneAndUpdate({ clientId }, { $set: set }, { new: true })
        .lean()) as ClientDoc | null,
  );
}

/** Sets fields of a client, creating it when there is none. */
export async function upsertClient(
  store: IdentityStore,
  clientId: string,
  set: Record<string, unknown>,
): Promise<void> {
  await withClientWriteLock(store, () =>
    store.clients.updateOne({ clientId }, { $set: set }, { upsert: true }),
  );
}

/** The first 500 clients matching `filter`, oldest first. */
export async function listClientsWhere(
  store: IdentityStore,
  filter: Record<string, unknown>,
): Promise<ClientDoc[]> {
  return (await store.clients.find(filter).sort({ createdAt: 1 }).limit(500).lean()) as ClientDoc[];
}

/** Makes first-party clients without a record of who made them so third-party; returns how many. */
export async function demoteFirstPartyWithoutRegistrar(store: IdentityStore): Promise<number> {
  const result = await withClientWriteLock(store, () =>
    store.clients.updateMany({ firstParty: true, firstPartyBy: null }, { $set: { firstParty: false } }),
  );
  return result.modifiedCount;
}

/** The clients that hold a secret: id, client id and the stored secret. */
export async function clientsWithSecrets(store: IdentityStore) {
  return store.clients.find({ clientSecret: { $ne: null } }, { clientId: 1, clientSecret: 1 }).lean();
}

/** Replaces a stored secret if it is still `stored`; returns whether it did. */
export async function replaceClientSecret(
  store: IdentityStore,
  id: Types.ObjectId,
  stored: string,
  next: string,
): Promise<boolean> {
  const result = await withClientWriteLock(store, () =>
    store.clients.updateOne({ _id: id, clientSecret: stored }, { $set: { clientSecret: next } }),
  );
  return result.modifiedCount > 0;
}

/** Every client's fields the organization path audit compares, streamed. */
export function streamClientPaths(store: IdentityStore) {
  return store.clients
    .find({}, { clientId: 1, name: 1, organization: 1, orgPath: 1, disabled: 1 })
    .lean()
    .cursor() as AsyncIterable<
    Pick<ClientDoc, 'clientId' | 'name' | 'organization' | 'orgPath' | 'disabled'>
  >;
}

/** The organizations clients belong to. */
export async function clientOrganizations(store: IdentityStore): Promise<string[]> {
  return (await store.clients.distinct('organization')) as string[];
}

/** Disables these clients (by client id). */
export async function disableClients(store: IdentityStore, clientIds: readonly string[]): Promise<void> {
  await withClientWriteLock(store, () =>
    store.clients.updateMany({ clientId: { $in: [...clientIds] } }, { $set: { disabled: true } }),
  );
}
