import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readIdentityConfig } from '../src/config.ts';
import {
  developmentEncryptionKey,
  encryptionKeyId,
  encryptionKeyRingFrom,
} from '../src/encryptionKeyRing.ts';

const key = () => randomBytes(32).toString('base64');
const configOf = (env: Record<string, string>) => readIdentityConfig({ EDUGRAPH_DB_PREFIX: 'ring', ...env });

describe('identity encryption key configuration', () => {
  it('builds the ring from IDENTITY_ENCRYPTION_KEY and IDENTITY_ENCRYPTION_PREVIOUS_KEYS, in order', () => {
    const [current, older, oldest] = [key(), key(), key()];
    const { ring, derived } = encryptionKeyRingFrom(
      configOf({
        IDENTITY_ENCRYPTION_KEY: current,
        IDENTITY_ENCRYPTION_PREVIOUS_KEYS: ` ${older}, ${oldest} `,
      }),
    );
    expect(derived).toBe(false);
    expect(ring.current.id).toBe(encryptionKeyId(Buffer.from(current, 'base64')));
    expect(ring.previous.map((k) => [k.id, k.source])).toEqual([
      [encryptionKeyId(Buffer.from(older, 'base64')), 'IDENTITY_ENCRYPTION_PREVIOUS_KEYS entry 1'],
      [encryptionKeyId(Buffer.from(oldest, 'base64')), 'IDENTITY_ENCRYPTION_PREVIOUS_KEYS entry 2'],
    ]);
  });

  it('refuses a previous key that is not 32 bytes of base64, naming the variable and the entry, never echoing keys', () => {
    const good = key();
    const load = () =>
      configOf({ IDENTITY_ENCRYPTION_KEY: key(), IDENTITY_ENCRYPTION_PREVIOUS_KEYS: `${good},c2hvcnQ=` });
    expect(load).toThrow(
      /IDENTITY_ENCRYPTION_PREVIOUS_KEYS: entry 2 of 2 must be 32 bytes, base64-encoded \(or the word development\)/,
    );
    expect(load).not.toThrow(good);
  });

  it('refuses a current key that is not 32 bytes of base64, naming the variable', () => {
    expect(() => configOf({ IDENTITY_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(
      /IDENTITY_ENCRYPTION_KEY: must be 32 bytes, base64-encoded .*\(got 8 characters, not shown\)/,
    );
  });

  it('takes the word development for the development key, to move a database that ran without a key', () => {
    const { ring } = encryptionKeyRingFrom(
      configOf({ IDENTITY_ENCRYPTION_KEY: key(), IDENTITY_ENCRYPTION_PREVIOUS_KEYS: 'development' }),
    );
    expect(ring.previous.map((k) => k.id)).toEqual([encryptionKeyId(developmentEncryptionKey('ring'))]);
  });

  it('keeps a key listed twice, or listed again among the previous ones, once', () => {
    const [current, older] = [key(), key()];
    const { ring } = encryptionKeyRingFrom(
      configOf({
        IDENTITY_ENCRYPTION_KEY: current,
        IDENTITY_ENCRYPTION_PREVIOUS_KEYS: `${current},${older},${older}`,
      }),
    );
    expect(ring.previous.map((k) => k.id)).toEqual([encryptionKeyId(Buffer.from(older, 'base64'))]);
  });
});
