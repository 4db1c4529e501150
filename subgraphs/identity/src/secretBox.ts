import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey, EncryptionKeyRing } from './encryptionKeyRing.ts';

/**
 * Encryption at rest of the identity database's secrets (private signing keys, cookie keys,
 * client secrets): AES-256-GCM with a random 96-bit nonce, the record's id as associated data
 * (a sealed value copied onto another record does not open), stored as
 * `enc:v2:<key id>:<nonce>:<tag>:<ciphertext>` (base64url). The key id (a fingerprint of the key,
 * see encryptionKeyRing.ts) says which key of the ring opens it, so keys can be rotated.
 * Older forms still open: `enc:v1:<nonce>:<tag>:<ciphertext>` (written before key ids, by the
 * one key there was then: tried against each key of the ring), and values without any prefix,
 * legacy plain text, which `isSealed` tells apart so start-up can encrypt them in place.
 */
const V1 = 'enc:v1:';
const V2 = 'enc:v2:';

export class SecretBoxError extends Error {}

/** A value sealed under a key id that is not in the ring. */
export class UnknownEncryptionKeyError extends SecretBoxError {
  readonly keyId: string;
  constructor(message: string, keyId: string) {
    super(message);
    this.keyId = keyId;
  }
}

export interface SecretBox {
  /** The id of the key that seals (IDENTITY_ENCRYPTION_KEY's fingerprint). */
  readonly keyId: string;
  seal(plaintext: string, recordId: string): string;
  /** Opens a sealed value (plain text is returned as it is); throws a SecretBoxError. */
  open(stored: string, recordId: string): string;
}

export const isSealed = (value: string): boolean => value.startsWith(V2) || value.startsWith(V1);

/**
 * The key id a stored value is sealed under: its tag for `enc:v2`, `untagged` for `enc:v1`
 * (sealed before key ids), `plain text` for a value stored before encryption.
 */
export function sealedKeyId(stored: string): string {
  if (stored.startsWith(V2)) return stored.slice(V2.length).split(':', 1)[0]!;
  return stored.startsWith(V1) ? 'untagged' : 'plain text';
}

function decrypt(key: Buffer, parts: string[], recordId: string): string {
  const [nonce, tag, body] = parts;
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce ?? '', 'base64url'));
  decipher.setAAD(Buffer.from(recordId));
  decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body ?? '', 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

const attempt = (key: Buffer, parts: string[], recordId: string): string | undefined => {
  try {
    return decrypt(key, parts, recordId);
  } catch {
    return undefined;
  }
};

function ringNames(ring: EncryptionKeyRing): string {
  return [ring.current, ...ring.previous].map((k) => `${k.id} (${k.source})`).join(', ');
}

function openTagged(
  ring: EncryptionKeyRing,
  byId: Map<string, EncryptionKey>,
  stored: string,
  recordId: string,
) {
  const [keyId = '', ...parts] = stored.slice(V2.length).split(':');
  const key = byId.get(keyId);
  if (!key)
    throw new UnknownEncryptionKeyError(
      `cannot decrypt the secret of ${recordId} with IDENTITY_ENCRYPTION_KEY or IDENTITY_ENCRYPTION_PREVIOUS_KEYS: ` +
        `it was encrypted with key ${keyId}, which is not in the ring [${ringNames(ring)}]; ` +
        `add the key whose id is ${keyId} to IDENTITY_ENCRYPTION_PREVIOUS_KEYS`,
      keyId,
    );
  const plain = attempt(key.key, parts, recordId);
  if (plain === undefined)
    throw new SecretBoxError(
      `cannot decrypt the secret of ${recordId} with key ${key.id} (${key.source}): ` +
        'the stored value was altered or copied from another record',
    );
  return plain;
}

/** `enc:v1` carries no key id: the only key of its time, so each key of the ring is tried. */
function openUntagged(ring: EncryptionKeyRing, stored: string, recordId: string) {
  const parts = stored.slice(V1.length).split(':');
  for (const key of [ring.current, ...ring.previous]) {
    const plain = attempt(key.key, parts, recordId);
    if (plain !== undefined) return plain;
  }
  throw new SecretBoxError(
    `cannot decrypt the secret of ${recordId} with IDENTITY_ENCRYPTION_KEY or any of IDENTITY_ENCRYPTION_PREVIOUS_KEYS ` +
      `(ring [${ringNames(ring)}]; the value predates key ids: was the key changed without keeping the old one?)`,
  );
}

export function createSecretBox(ring: EncryptionKeyRing): SecretBox {
  const byId = new Map([ring.current, ...ring.previous].map((k) => [k.id, k]));
  const { current } = ring;
  return {
    keyId: current.id,
    seal(plaintext, recordId) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce);
      cipher.setAAD(Buffer.from(recordId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return `${V2}${current.id}:${parts.join(':')}`;
    },
    open(stored, recordId) {
      if (stored.startsWith(V2)) return openTagged(ring, byId, stored, recordId);
      return stored.startsWith(V1) ? openUntagged(ring, stored, recordId) : stored;
    },
  };
}
