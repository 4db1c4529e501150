import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptionKeyId, keyRing } from '../src/encryptionKeyRing.ts';
import { createSecretBox, isSealed, sealedKeyId } from '../src/secretBox.ts';

/** A value as the code before key ids sealed it: `enc:v1:<nonce>:<tag>:<ciphertext>`. */
function sealedBeforeKeyIds(key: Buffer, plaintext: string, recordId: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(recordId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return 'enc:v1:' + [nonce, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join(':');
}

describe('secrets sealed at rest', () => {
  const box = createSecretBox(keyRing(randomBytes(32)));

  it('opens what it sealed for the same record, and never stores the plain text', () => {
    const sealed = box.seal('demo-sync-secret', 'demo-sync');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('demo-sync-secret');
    expect(box.open(sealed, 'demo-sync')).toBe('demo-sync-secret');
    expect(box.seal('demo-sync-secret', 'demo-sync')).not.toBe(sealed);
  });

  it('refuses a sealed value copied onto another record, a tampered one, and another key', () => {
    const sealed = box.seal('secret', 'client-a');
    expect(() => box.open(sealed, 'client-b')).toThrow(/cannot decrypt the secret of client-b/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered, 'client-a')).toThrow(/IDENTITY_ENCRYPTION_KEY/);
    expect(() => createSecretBox(keyRing(randomBytes(32))).open(sealed, 'client-a')).toThrow();
  });

  it('reads a value stored before encryption as it is', () => {
    expect(box.open('legacy-plain-secret', 'client-a')).toBe('legacy-plain-secret');
  });
});

describe('the encryption key ring', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const underA = createSecretBox(keyRing(keyA));
  const rotated = createSecretBox(keyRing(keyB, keyA));

  it('tags each value with a short fingerprint of the key that sealed it, never the key', () => {
    const sealed = underA.seal('secret', 'client-a');
    const id = encryptionKeyId(keyA);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(sealed.startsWith(`enc:v2:${id}:`)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(id);
    for (const form of ['base64', 'base64url', 'hex'] as const)
      expect(sealed).not.toContain(keyA.toString(form));
    expect(encryptionKeyId(keyB)).not.toBe(id);
  });

  it('opens values sealed under a previous key after rotating, and seals new ones under the current key', () => {
    const old = underA.seal('old-secret', 'client-a');
    expect(rotated.open(old, 'client-a')).toBe('old-secret');
    const fresh = rotated.seal('new-secret', 'client-b');
    expect(sealedKeyId(fresh)).toBe(encryptionKeyId(keyB));
    expect(createSecretBox(keyRing(keyB)).open(fresh, 'client-b')).toBe('new-secret');
  });

  it('picks the key by its id: a value tagged with a previous key is opened by that key only', () => {
    const old = underA.seal('old-secret', 'client-a');
    // Retagged with the current key's id, the value is tried with B alone, and fails.
    const retagged = old.replace(encryptionKeyId(keyA), encryptionKeyId(keyB));
    expect(() => rotated.open(retagged, 'client-a')).toThrow(
      new RegExp(
        `with key ${encryptionKeyId(keyB)} \\(IDENTITY_ENCRYPTION_KEY\\): the stored value was altered`,
      ),
    );
  });

  it('refuses a value whose key is not in the ring, naming the record, the key id and the variable to set', () => {
    const old = underA.seal('old-secret', 'sync-330000');
    const withoutA = createSecretBox(keyRing(keyB));
    expect(() => withoutA.open(old, 'sync-330000')).toThrow(
      `cannot decrypt the secret of sync-330000 with IDENTITY_ENCRYPTION_KEY or IDENTITY_ENCRYPTION_PREVIOUS_KEYS: it was encrypted with key ${encryptionKeyId(keyA)}, which is not in the ring [${encryptionKeyId(keyB)} (IDENTITY_ENCRYPTION_KEY)]; add the key whose id is ${encryptionKeyId(keyA)} to IDENTITY_ENCRYPTION_PREVIOUS_KEYS`,
    );
  });

  it('still opens values sealed before key ids, under the current or a previous key', () => {
    expect(sealedKeyId(sealedBeforeKeyIds(keyA, 'x', 'r'))).toBe('untagged');
    expect(underA.open(sealedBeforeKeyIds(keyA, 'under-a', 'client-a'), 'client-a')).toBe('under-a');
    expect(rotated.open(sealedBeforeKeyIds(keyA, 'under-a', 'client-a'), 'client-a')).toBe('under-a');
    expect(rotated.open(sealedBeforeKeyIds(keyB, 'under-b', 'client-a'), 'client-a')).toBe('under-b');
    expect(() => createSecretBox(keyRing(keyB)).open(sealedBeforeKeyIds(keyA, 'x', 'c'), 'c')).toThrow(
      /cannot decrypt the secret of c with IDENTITY_ENCRYPTION_KEY or any of IDENTITY_ENCRYPTION_PREVIOUS_KEYS/,
    );
  });
});
