import type { Adapter, AdapterPayload } from 'oidc-provider';
import { clientMetadata } from './clientMetadata.ts';
import { openClientSecret } from '../clientSecrets.ts';
import type { SecretBox } from '../secretBox.ts';
import { findClient } from '../store/client.ts';
import type { IdentityStore } from '../store/index.ts';
import { oidcRecords } from '../store/oidcRecords.ts';

/**
 * oidc-provider's storage: its records through the store (`store/oidcRecords.ts`, one
 * collection per model). Clients come from the `clients` collection that administrators manage
 * through the graph.
 */
export function createAdapterClass(store: IdentityStore, box: SecretBox) {
  return class MongoAdapter implements Adapter {
    readonly name: string;
    private readonly records: ReturnType<typeof oidcRecords>;
    constructor(name: string) {
      this.name = name;
      this.records = oidcRecords(store, name, box);
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.name === 'Client') throw new Error('clients are registered through the graph');
      await this.records.upsert(id, payload, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.name === 'Client') {
        const client = await findClient(store, id, { enabledOnly: true });
        return client
          ? clientMetadata({
              ...client,
              clientSecret: openClientSecret(box, client.clientId, client.clientSecret),
            })
          : undefined;
      }
      return this.records.find(id);
    }

    findByUserCode(userCode: string) {
      return this.records.findBy({ userCode });
    }

    findByUid(uid: string) {
      return this.records.findBy({ uid });
    }

    consume(id: string): Promise<void> {
      return this.records.consume(id);
    }

    destroy(id: string): Promise<void> {
      return this.records.destroy(id);
    }

    revokeByGrantId(grantId: string): Promise<void> {
      return this.records.revokeByGrantId(grantId);
    }
  };
}
