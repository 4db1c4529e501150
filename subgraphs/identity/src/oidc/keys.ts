import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { SecretBox } from '../secretBox.ts';
import type { IdentityStore } from '../store/index.ts';
import {
  allKeys,
  countKeys,
  deleteKeys,
  insertKey,
  keyIds,
  newestKeys,
  updateKey,
  type KeyDoc,
} from '../store/keys.ts';

/**
 * Signing keys and cookie keys, persisted in the identity database so that a restart keeps
 * every session and token valid. Rotation adds a new key that signs from then on; the older
 * keys stay in the JWKS (verification only) until tokens signed with them have expired.
 * Private material is stored encrypted (`sealed`, see secretBox.ts); a signing key's public
 * half stays readable in `jwk`. Rows from before encryption (private `jwk`, cookie `secret`)
 * are read as they are and encrypted in place by `encryptPlaintextKeys` at start.
 */
/** Signing keys kept published after rotation (the newest signs). */
const KEPT_SIGNING_KEYS = 3;

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
export async function loadKeys(store: IdentityStore, box: SecretBox): Promise<ProviderKeys> {
  if ((await countKeys(store, 'signing')) === 0) await insertKey(store, newSigningKey(box));
  if ((await countKeys(store, 'cookie')) === 0) await insertKey(store, newCookieKey(box));
  const signing = await newestKeys(store, 'signing', { limit: KEPT_SIGNING_KEYS });
  const cookie = await newestKeys(store, 'cookie');
  return { signing: signing.map((k) => openSigning(k, box)), cookie: cookie.map((k) => openCookie(k, box)) };
}

/**
 * A cheap fingerprint of the stored key set (ids only, a handful of small documents): when it
 * differs from the one loaded, another instance rotated and this one reloads.
 */
export async function keySetVersion(store: IdentityStore): Promise<string> {
  return (await keyIds(store)).sort().join(',');
}

/** Encrypts rows stored before encryption at rest; returns how many. */
export async function encryptPlaintextKeys(store: IdentityStore, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const doc of await allKeys(store)) {
    if (doc.sealed) continue;
    if (doc.kind === 'signing' && doc.jwk?.d) {
      const sealed = box.seal(JSON.stringify(doc.jwk), doc._id);
      if (await updateKey(store, doc._id, { sealed, jwk: publicPart(doc.jwk) })) changed += 1;
    } else if (doc.kind === 'cookie' && doc.secret) {
      if (await updateKey(store, doc._id, { sealed: box.seal(doc.secret, doc._id) }, ['secret']))
        changed += 1;
    }
  }
  return changed;
}

/** Adds a new signing key (it signs from now on) and drops keys beyond the kept ones; returns its kid. */
export async function rotateSigningKey(store: IdentityStore, box: SecretBox): Promise<string> {
  const key = newSigningKey(box);
  await insertKey(store, key);
  const old = await newestKeys(store, 'signing', { skip: KEPT_SIGNING_KEYS });
  if (old.length)
    await deleteKeys(
      store,
      old.map((k) => k._id),
    );
  return key._id;
}
