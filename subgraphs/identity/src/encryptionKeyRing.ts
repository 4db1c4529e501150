import { createHash } from 'node:crypto';

/**
 * The keys that encrypt identity's secrets at rest: IDENTITY_ENCRYPTION_KEY seals (and opens),
 * each of IDENTITY_ENCRYPTION_PREVIOUS_KEYS only opens, so the key can be changed while values
 * sealed under the old one are still read until `npm run reencrypt` has moved them.
 */
export interface EncryptionKey {
  key: Buffer;
  /** A short fingerprint of the key (never the key), stored with every value it seals. */
  id: string;
  /** Where it comes from, for messages: the variable (and entry) that holds it. */
  source: string;
}

export interface EncryptionKeyRing {
  current: EncryptionKey;
  /** Decryption only, in the order configured; never the current key again. */
  previous: readonly EncryptionKey[];
}

/** The word that stands for the development key in IDENTITY_ENCRYPTION_PREVIOUS_KEYS. */
export const DEVELOPMENT_KEY = 'development';

/**
 * 48 bits of SHA-256 over a label and the key: enough to tell a ring's few keys apart, and
 * nothing about a 256-bit key. The label keeps it from equalling any other hash of the key.
 */
export function encryptionKeyId(key: Buffer): string {
  return createHash('sha256')
    .update('edugraph-identity-encryption-key-id\0')
    .update(key)
    .digest('hex')
    .slice(0, 12);
}

/**
 * The development key when IDENTITY_ENCRYPTION_KEY is unset (refused in production): derived
 * from the database prefix, so it is stable across restarts and known to anyone reading this.
 */
export function developmentEncryptionKey(dbPrefix: string): Buffer {
  return createHash('sha256').update(`edugraph-development-encryption-key:${dbPrefix}`).digest();
}

/** Whether a configured value is a key: 32 bytes, base64-encoded. */
export const isEncryptionKey = (value: string): boolean =>
  /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;

export interface KeyRingSettings {
  IDENTITY_ENCRYPTION_KEY?: string | undefined;
  IDENTITY_ENCRYPTION_PREVIOUS_KEYS: readonly string[];
  EDUGRAPH_DB_PREFIX: string;
}

const keyOf = (key: Buffer, source: string): EncryptionKey => ({ key, id: encryptionKeyId(key), source });

/** The ring the configuration describes, with `derived` set when the development key seals. */
export function encryptionKeyRingFrom(config: KeyRingSettings): {
  ring: EncryptionKeyRing;
  derived: boolean;
} {
  const development = () => developmentEncryptionKey(config.EDUGRAPH_DB_PREFIX);
  const current = config.IDENTITY_ENCRYPTION_KEY
    ? keyOf(Buffer.from(config.IDENTITY_ENCRYPTION_KEY, 'base64'), 'IDENTITY_ENCRYPTION_KEY')
    : keyOf(development(), 'development key');
  const previous: EncryptionKey[] = [];
  config.IDENTITY_ENCRYPTION_PREVIOUS_KEYS.forEach((value, i) => {
    const key =
      value === DEVELOPMENT_KEY
        ? keyOf(development(), 'development key in IDENTITY_ENCRYPTION_PREVIOUS_KEYS')
        : keyOf(Buffer.from(value, 'base64'), `IDENTITY_ENCRYPTION_PREVIOUS_KEYS entry ${i + 1}`);
    // Listing the new key among the previous ones as well is harmless: it is kept once.
    if (key.id !== current.id && !previous.some((k) => k.id === key.id)) previous.push(key);
  });
  return { ring: { current, previous }, derived: !config.IDENTITY_ENCRYPTION_KEY };
}

/** A ring of raw keys (tests, tools): the first seals, the others only open. */
export function keyRing(current: Buffer, ...previous: Buffer[]): EncryptionKeyRing {
  return {
    current: keyOf(current, 'IDENTITY_ENCRYPTION_KEY'),
    previous: previous.map((key, i) => keyOf(key, `IDENTITY_ENCRYPTION_PREVIOUS_KEYS entry ${i + 1}`)),
  };
}
