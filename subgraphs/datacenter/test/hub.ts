import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { UPSERT_MUTATIONS } from '@edugraph/shared';
import { COLLECTION_OF, type EntityKind } from '../src/store/index.ts';
import { allRecords } from './fixtures.ts';

export const READ = ['datacenter:read'];
export const WRITE = ['datacenter:read', 'datacenter:write', 'personal-data'];

export type Kind = EntityKind;

/** Sends one batch through the graph; returns the UpsertResult (or the GraphQL errors). */
export async function upsert(hub: TestHub, token: string, kind: Kind, records: readonly object[]) {
  const { mutation: field, inputType: input } = UPSERT_MUTATIONS[COLLECTION_OF[kind]];
  const body = await hub.gql(
    'datacenter',
    `mutation($records: [${input}!]!) { ${field}(records: $records) {
       created updated unchanged rejected deleted results { index key status errors { field code message } } } }`,
    { records },
    token,
  );
  return { result: body.data?.[field] as UpsertResultBody | undefined, errors: body.errors };
}

export interface UpsertResultBody {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  results: {
    index: number;
    key: string | null;
    status: string;
    errors: { field: string; code: string; message: string }[];
  }[];
}

/** Identity and datacenter as real processes on a throw-away database, fixtures loaded through the graph. */
export async function startHubWithFixtures(): Promise<{ hub: TestHub; writer: string }> {
  const hub = await startTestHub({
    services: ['identity', 'datacenter'],
    name: 'dc',
    // The tenancy walk asks for every nested path in one operation (100 schools × 100 classes ×
    // 100 students), far above the default cost limit; the limits are tested in test/security/.
    serviceEnv: { datacenter: { MAX_COST: '10000000' } },
  });
  try {
    const writer = await hub.tokenFor({ org: '100000', roles: ['SERVICE'], scopes: WRITE });
    // In the fixtures' order: references point backwards.
    for (const kind of Object.keys(allRecords) as Kind[]) {
      const { result, errors } = await upsert(hub, writer, kind, allRecords[kind]);
      if (!result || result.rejected > 0)
        throw new Error(`fixtures refused: ${JSON.stringify(errors ?? result)}`);
    }
    return { hub, writer };
  } catch (err) {
    await hub.stop();
    throw err;
  }
}
