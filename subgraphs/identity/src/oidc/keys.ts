import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import type { SecretBox } from '../secretBox.ts';

/**
 * Signing keys and cookie keys, persisted in the identity database so that a restart keeps
 * every session and token valid. Rotation adds a new key that signs from then on; the older
 * keys stay in the JWKS (verification only) until tokens signed with them have expired.
 * Private material is stored encrypted (`sealed`, see secretBox.ts); a signing key's public
 * half stays readable in `jwk`. Rows from before encryption (private `jwk`, cookie `secret`)
 * are read as they are and encrypted in place by `encryptPlaintextKeys` at start.
 */
interface KeyDoc {
  _id: string;
  kind: 'signing' | 'cookie';
  /** Public JWK (legacy rows: the private one). */
  jwk?: Record<string, unknown>;
  /** The private JWK (JSON) or the cookie secret, encrypted. */
  sealed?: string;
  /** Legacy rows: the cookie secret in plain text. */
  secret?: string;
  createdAt: Date;
}

/** Signing keys kept published after rotation (the newest signs). */
const KEPT_SIGNING_KEYS = 3;

const keys = (conn: Connection) => conn.db!.collection<KeyDoc>('keys');

const publicPart = ({ kty, n, e, kid, use, alg }: Record<string, unknown>) => ({ kty, n, e, kid, use, alg });

function newSigningKey(box: SecretBox): KeyDoc {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `edugraph-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  return {
    _id: kid,
    kind: 'signing',
    jwk: publicPart(jwk),
    sealed: box.seal(JSON.stringify(jwk), kid),
    createdAt: new Date(),
  };
}

function newCookieKey(box: SecretBox): KeyDoc {
  const id = `cookie-${randomUUID()}`;
  return {
    _id: id,
    kind: 'cookie',
    sealed: box.seal(randomBytes(32).toString('base64url'), id),
    createdAt: new Date(),
  };
}

export interface ProviderKeys {
  /** Private JWKs, newest first (the first one signs). */
  signing: Record<string, unknown>[];
  cookie: string[];
}

const openSigning = (doc: KeyDoc, box: SecretBox) =>
  doc.sealed ? (JSON.parse(box.open(doc.sealed, doc._id)) as Record<string, unknown>) : doc.jwk!;
const openCookie = (doc: KeyDoc, box: SecretBox) =>
  doc.sealed ? box.open(doc.sealed, doc._id) : doc.secret!;

/** Reads the keys (creating the first ones); throws when they do not open with the configured key. */
export async function loadKeys(conn: Connection, box: SecretBox): Promise<ProviderKeys> {
  const coll = keys(conn);
  if ((await coll.countDocuments({ kind: 'signing' })) === 0) await coll.insertOne(newSigningKey(box));
  if ((await coll.countDocuments({ kind: 'cookie' })) === 0) await coll.insertOne(newCookieKey(box));
  const signing = await coll
    .find({ kind: 'signing' })
    .sort({ createdAt: -1 })
    .limit(KEPT_SIGNING_KEYS)
    .toArray();
  const cookie = await coll.find({ kind: 'cookie' }).sort({ createdAt: -1 }).toArray();
  return { signing: signing.map((k) => openSigning(k, box)), cookie: cookie.map((k) => openCookie(k, box)) };
}

/**
 * A cheap fingerprint of the stored key set (ids only, a handful of small documents): when it
 * differs from the one loaded, another instance rotated and this one reloads.
 */
export async function keySetVersion(conn: Connection): Promise<string> {
  const ids = await keys(conn)
    .find({}, { projection: { _id: 1 } })
    .toArray();
  return ids
    .map((d) => d._id)
    .sort()
    .join(',');
}

/** Encrypts rows stored before encryption at rest; returns how many. */
export async function encryptPlaintextKeys(conn: Connection, box: SecretBox): Promise<number> {
  const coll = keys(conn);
  let changed = 0;
  for (const doc of await coll.find({}).toArray()) {
    if (doc.sealed) continue;
    const update: mongo.UpdateFilter<KeyDoc> | undefined =
      doc.kind === 'signing' && doc.jwk?.d
        ? { $set: { sealed: box.seal(JSON.stringify(doc.jwk), doc._id), jwk: publicPart(doc.jwk) } }
        : doc.kind === 'cookie' && doc.secret
          ? { $set: { sealed: box.seal(doc.secret, doc._id) }, $unset: { secret: true } }
          : undefined;
    if (update) changed += (await coll.updateOne({ _id: doc._id }, update)).modifiedCount;
  }
  return changed;
}

/** Adds a new signing key (it signs from now on) and drops keys beyond the kept ones; returns its kid. */
export async function rotateSigningKey(conn: Connection, box: SecretBox): Promise<string> {
  const coll = keys(conn);
  const key = newSigningKey(box);
  await coll.insertOne(key);
  const old = await coll.find({ kind: 'signing' }).sort({ createdAt: -1 }).skip(KEPT_SIGNING_KEYS).toArray();
  if (old.length) await coll.deleteMany({ _id: { $in: old.map((k) => k._id) } });
  return key._id;
}
