import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed } from '../src/secretBox.ts';

describe('secrets sealed at rest', () => {
  const box = createSecretBox(randomBytes(32));

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
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'client-a')).toThrow();
  });

  it('reads a value stored before encryption as it is', () => {
    expect(box.open('legacy-plain-secret', 'client-a')).toBe('legacy-plain-secret');
  });
});
