import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of the identity database's secrets (private signing keys, cookie keys,
 * client secrets): AES-256-GCM with a random 96-bit nonce, the record's id as associated data
 * (a sealed value copied onto another record does not open), stored as
 * `enc:v1:<nonce>:<tag>:<ciphertext>` (base64url). Values without the prefix are legacy
 * plaintext: `isSealed` tells them apart so start-up can encrypt them in place.
 */
const PREFIX = 'enc:v1:';

export class SecretBoxError extends Error {}

export interface SecretBox {
  seal(plaintext: string, recordId: string): string;
  open(stored: string, recordId: string): string;
}

export const isSealed = (value: string): boolean => value.startsWith(PREFIX);

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new SecretBoxError('the encryption key must be 32 bytes');
  return {
    seal(plaintext, recordId) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(recordId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return PREFIX + [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join(':');
    },
    open(stored, recordId) {
      if (!isSealed(stored)) return stored;
      const [nonce, tag, body] = stored.slice(PREFIX.length).split(':');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce!, 'base64url'));
        decipher.setAAD(Buffer.from(recordId));
        decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new SecretBoxError(
          `cannot decrypt the secret of ${recordId} with IDENTITY_ENCRYPTION_KEY (was the key changed?)`,
        );
      }
    },
  };
}

/**
 * The development key when IDENTITY_ENCRYPTION_KEY is unset (refused in production): derived
 * from the database prefix, so it is stable across restarts and known to anyone reading this.
 */
export function developmentEncryptionKey(dbPrefix: string): Buffer {
  return createHash('sha256').update(`edugraph-development-encryption-key:${dbPrefix}`).digest();
}

/** The configured key, or the development key (with `derived` set so the caller logs it). */
export function encryptionKeyFrom(config: { IDENTITY_ENCRYPTION_KEY?: string; EDUGRAPH_DB_PREFIX: string }) {
  return config.IDENTITY_ENCRYPTION_KEY
    ? { key: Buffer.from(config.IDENTITY_ENCRYPTION_KEY, 'base64'), derived: false }
    : { key: developmentEncryptionKey(config.EDUGRAPH_DB_PREFIX), derived: true };
}
