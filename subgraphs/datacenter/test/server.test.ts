import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase, createLogger } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatacenterConfig } from '../src/config.ts';
import { createDatacenterServer } from '../src/server.ts';
import { openDatacenterStore } from '../src/store/index.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('the datacenter server built from a store', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'datacenter_server_test' });
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('is built over a store the test opened, listens only when asked, answers ready and refuses a caller without a token', async () => {
    const config = readDatacenterConfig({ MONGODB_URI: db.uri, PORT: '0', LOG_LEVEL: 'silent' });
    const store = await openDatacenterStore(conn, { accessLogRetentionDays: 30 });
    const server = createDatacenterServer(config, store, { logger });
    expect(server.server.listening).toBe(false);
    const running = await server.listen(0, '127.0.0.1');
    try {
      expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
      const anonymous = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ schoolByCode(code: "2133000001") { name } }' }),
      });
      const body = (await anonymous.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      server.stop();
      await running.stop();
    }
    // The connection is the test's: the server left it open.
    expect(conn.readyState).toBe(1);
  });
});
