import { createHash } from 'node:crypto';
import { isDuplicateKeyError, runMigrationOnce } from '@edugraph/shared';
import type { AdapterPayload } from 'oidc-provider';
import { SecretBoxError, type SecretBox } from '../secretBox.ts';
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
  /** A session's or device code's id, sealed (`SecretBox`): what `findByUid`/`findByUserCode` restore. */
  sealedId?: string;
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

/** Models whose records no one presents (a grant is named inside a token; replay records by their check): stored under their ids. */
const PRESENTED_BY_NO_ONE: ReadonlySet<string> = new Set(['Grant', 'ReplayDetection']);
/**
 * Models whose id is a bearer value: a browser's session or interaction cookie, a token, a code
 * (every model but those above). Their records are stored under the id's SHA-256 (`storedIdOf`)
 * and without `payload.jti` (the id again), so whoever reads the database cannot present them;
 * the provider's lookups by id hash it first.
 */
export const BEARER_MODELS: ReadonlySet<string> = new Set(
  OIDC_MODELS.filter((model) => !PRESENTED_BY_NO_ONE.has(model)),
);
/** Bearer models also found by another field (a session by `uid`, a device code by user code): their id is kept sealed. */
export const SEALED_ID_MODELS: ReadonlySet<string> = new Set(['Session', 'DeviceCode']);

/** The `_id` a record of `model` is stored under. */
export const storedIdOf = (model: string, id: string): string =>
  BEARER_MODELS.has(model) ? `h:${createHash('sha256').update(id).digest('base64url')}` : id;

const withoutJti = (payload: AdapterPayload): AdapterPayload => {
  const { jti: _jti, ...rest } = payload;
  return rest;
};

/** A record's fields as stored: hashed id, no `jti`, the id sealed where a lookup needs it. */
function storedFields(box: SecretBox, model: string, id: string, payload: AdapterPayload) {
  const _id = storedIdOf(model, id);
  if (!BEARER_MODELS.has(model)) return { _id, payload, sealed: {} };
  return {
    _id,
    payload: withoutJti(payload),
    sealed: SEALED_ID_MODELS.has(model) ? { sealedId: box.seal(id, _id) } : {},
  };
}

/** The records of one provider model (`Session`, `AccessToken`…). */
export function oidcRecords(store: IdentityStore, model: string, box: SecretBox) {
  const coll = () => store.db().collection<StoredDoc>(collectionName(model));
  const bearer = BEARER_MODELS.has(model);
  /** The payload of an unexpired record (with `consumed` when it was, and its `jti`), or undefined. */
  const payloadOf = (doc: StoredDoc | null, id: string | undefined): AdapterPayload | undefined => {
    if (!doc || (doc.expiresAt && doc.expiresAt.getTime() <= Date.now())) return undefined;
    let jti = id;
    if (bearer && jti === undefined) {
      if (!doc.sealedId) return undefined;
      try {
        jti = box.open(doc.sealedId, doc._id);
      } catch (err) {
        // Sealed under a key no longer in the ring: the session is gone (sign in again).
        if (err instanceof SecretBoxError) return undefined;
        throw err;
      }
    }
    const payload = bearer ? { ...doc.payload, jti } : doc.payload;
    return doc.consumed ? { ...payload, consumed: doc.consumed } : payload;
  };
  return {
    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const stored = storedFields(box, model, id, payload);
      const set: Omit<StoredDoc, '_id'> = {
        payload: stored.payload,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        updatedAt: new Date(),
        ...stored.sealed,
      };
      if (payload.grantId) set.grantId = payload.grantId;
      if (payload.userCode) set.userCode = payload.userCode;
      if (payload.uid) set.uid = payload.uid;
      await coll().updateOne({ _id: stored._id }, { $set: set, $unset: { consumed: '' } }, { upsert: true });
    },

    async find(id: string): Promise<AdapterPayload | undefined> {
      return payloadOf(await coll().findOne({ _id: storedIdOf(model, id) }), id);
    },

    /** A record found by its `uid` (sessions) or user code (device codes). */
    async findBy(filter: { uid: string } | { userCode: string }): Promise<AdapterPayload | undefined> {
      return payloadOf(await coll().findOne(filter), undefined);
    },

    async consume(id: string): Promise<void> {
      await coll().updateOne(
        { _id: storedIdOf(model, id) },
        { $set: { consumed: Math.floor(Date.now() / 1000) } },
      );
    },

    async destroy(id: string): Promise<void> {
      await coll().deleteOne({ _id: storedIdOf(model, id) });
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

/**
 * Records of the bearer models stored under their plain ids by earlier versions, rewritten once
 * under their hashed ids (marker `oidc-hashed-ids-v1`): a copy under the new `_id`, then the old
 * one deleted. Idempotent: a copy already there is kept.
 */
export async function hashStoredOidcIds(store: IdentityStore, box: SecretBox): Promise<number> {
  let moved = 0;
  await runMigrationOnce(store.db(), 'oidc-hashed-ids-v1', async () => {
    for (const model of BEARER_MODELS) {
      const coll = store.db().collection<StoredDoc>(collectionName(model));
      for await (const doc of coll.find({})) {
        if (doc._id.startsWith('h:')) continue;
        const stored = storedFields(box, model, doc._id, doc.payload);
        await coll
          .insertOne({ ...doc, ...stored.sealed, _id: stored._id, payload: stored.payload })
          .catch((err: unknown) => {
            if (!isDuplicateKeyError(err)) throw err;
          });
        await coll.deleteOne({ _id: doc._id });
        moved += 1;
      }
    }
    return { moved };
  });
  return moved;
}
