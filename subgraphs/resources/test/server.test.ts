import { openTestDatabase, probeStoreServer, type TestDatabase } from '@edugraph/infra/testing';
import { createLogger } from '@edugraph/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResourcesConfig } from '../src/config.ts';
import { createResourcesServer } from '../src/server.ts';
import { openResourcesStore } from '../src/store/index.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('the resources server built from a store', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('resources_server_test');
  });
  afterAll(() => db?.close());

  it('is built over a store the test opened, listens only when asked and answers ready once its postings exist', async () => {
    const config = readResourcesConfig({ MONGODB_URI: db.uri, PORT: '0', LOG_LEVEL: 'silent' });
    const store = await openResourcesStore(db.conn, { accessLogRetentionDays: 30 });
    const server = createResourcesServer(config, store, { logger });
    const seen = await probeStoreServer({
      server,
      connection: db.conn,
      anonymousQuery: '{ resource(id: "000000000000000000000001") { id } }',
      beforeListen: () => server.postingsReady,
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
