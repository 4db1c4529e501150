import { openTestDatabase, probeStoreServer, type TestDatabase } from '@edugraph/infra/testing';
import { createLogger } from '@edugraph/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatacenterConfig } from '../src/config.ts';
import { createDatacenterServer } from '../src/server.ts';
import { openDatacenterStore } from '../src/store/index.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('the datacenter server built from a store', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('datacenter_server_test');
  });
  afterAll(() => db?.close());

  it('is built over a store the test opened, listens only when asked, answers ready and refuses a caller without a token', async () => {
    const config = readDatacenterConfig({ MONGODB_URI: db.uri, PORT: '0', LOG_LEVEL: 'silent' });
    const store = await openDatacenterStore(db.conn, { accessLogRetentionDays: 30 });
    const seen = await probeStoreServer({
      server: createDatacenterServer(config, store, { logger }),
      connection: db.conn,
      anonymousQuery: '{ schoolByCode(code: "2133000001") { name } }',
    });
    // The connection is the test's: the server left it open.
    expect(seen).toEqual({
      listeningBeforeListen: false,
      readyStatus: 200,
      anonymousCode: 'UNAUTHENTICATED',
      connectionOpenAfterStop: true,
    });
  });
});
