import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';

/**
 * Signing keys and cookie keys, persisted in the identity database so that a restart keeps
 * every session and token valid. Rotation adds a new key that signs from then on; the older
 * keys stay in the JWKS (verification only) until tokens signed with them have expired.
 */
interface KeyDoc {
  _id: string;
  kind: 'signing' | 'cookie';
  jwk?: Record<string, unknown>;
  secret?: string;
  createdAt: Date;
}

/** Signing keys kept published after rotation (the newest signs). */
const KEPT_SIGNING_KEYS = 3;

const keys = (conn: Connection) => conn.db!.collection<KeyDoc>('keys');

function newSigningKey(): KeyDoc {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `edugraph-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
  return { _id: kid, kind: 'signing', jwk, createdAt: new Date() };
}

export interface ProviderKeys {
  /** Private JWKs, newest first (the first one signs). */
  signing: Record<string, unknown>[];
  cookie: string[];
}

export async function loadKeys(conn: Connection): Promise<ProviderKeys> {
  const coll = keys(conn);
  if ((await coll.countDocuments({ kind: 'signing' })) === 0) await coll.insertOne(newSigningKey());
  if ((await coll.countDocuments({ kind: 'cookie' })) === 0) {
    await coll.insertOne({
      _id: `cookie-${randomUUID()}`,
      kind: 'cookie',
      secret: randomBytes(32).toString('base64url'),
      createdAt: new Date(),
    });
  }
  const signing = await coll
    .find({ kind: 'signing' })
    .sort({ createdAt: -1 })
    .limit(KEPT_SIGNING_KEYS)
    .toArray();
  const cookie = await coll.find({ kind: 'cookie' }).sort({ createdAt: -1 }).toArray();
  return { signing: signing.map((k) => k.jwk!), cookie: cookie.map((k) => k.secret!) };
}

/** Adds a new signing key (it signs from now on) and drops keys beyond the kept ones; returns its kid. */
export async function rotateSigningKey(conn: Connection): Promise<string> {
  const coll = keys(conn);
  const key = newSigningKey();
  await coll.insertOne(key);
  const old = await coll.find({ kind: 'signing' }).sort({ createdAt: -1 }).skip(KEPT_SIGNING_KEYS).toArray();
  if (old.length) await coll.deleteMany({ _id: { $in: old.map((k) => k._id) } });
  return key._id;
}
