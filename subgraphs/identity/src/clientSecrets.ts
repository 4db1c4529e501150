import type { ClientModel } from './models/client.ts';
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
export async function encryptPlaintextClientSecrets(clients: ClientModel, box: SecretBox): Promise<number> {
  const rows = await clients.find({ clientSecret: { $ne: null } }, { clientId: 1, clientSecret: 1 }).lean();
  let changed = 0;
  for (const row of rows) {
    if (!row.clientSecret || isSealed(row.clientSecret)) continue;
    const result = await clients.updateOne(
      { _id: row._id, clientSecret: row.clientSecret },
      { $set: { clientSecret: sealClientSecret(box, row.clientId, row.clientSecret) } },
    );
    changed += result.modifiedCount;
  }
  return changed;
}
