import { clientsWithSecrets, replaceClientSecret } from './store/client.ts';
import type { IdentityStore } from './store/index.ts';
import { isSealed, type SecretBox } from './secretBox.ts';

/**
 * Client secrets are stored encrypted (the client id is the associated data); the provider
 * compares a presented secret with the opened one. Rows from before encryption are read as they
 * are and encrypted in place by `encryptPlaintextClientSecrets` at start.
 */
export const sealClientSecret = (box: SecretBox, clientId: string, secret: string): string =>
  box.seal(secret, clientId);

export const openClientSecret = (box: SecretBox, clientId: string, stored: string | null | undefined) =>
  stored ? box.open(stored, clientId) : null;

/** Encrypts the secrets stored in plain text; returns how many. */
export async function encryptPlaintextClientSecrets(store: IdentityStore, box: SecretBox): Promise<number> {
  const rows = await clientsWithSecrets(store);
  let changed = 0;
  for (const row of rows) {
    if (!row.clientSecret || isSealed(row.clientSecret)) continue;
    const sealed = sealClientSecret(box, row.clientId, row.clientSecret);
    if (await replaceClientSecret(store, row._id, row.clientSecret, sealed)) changed += 1;
  }
  return changed;
}
