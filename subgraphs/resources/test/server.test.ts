import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase, createLogger } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResourcesConfig } from '../src/config.ts';
import { createResourcesServer } from '../src/server.ts';
import { openResourcesStore } from '../src/store/index.ts';

const logger = createLogger({ service: 'test', level: 'silent' });

describe('the resources server built from a store', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'resources_server_test' });
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('is built over a store the test opened, listens only when asked and answers ready once its postings exist', async () => {
    const config = readResourcesConfig({ MONGODB_URI: db.uri, PORT: '0', LOG_LEVEL: 'silent' });
    const store = await openResourcesStore(conn, { accessLogRetentionDays: 30 });
    const server = createResourcesServer(config, store, { logger });
    expect(server.server.listening).toBe(false);
    await server.postingsReady;
    const running = await server.listen(0, '127.0.0.1');
    try {
      const ready = await fetch(`${running.url}/readyz`);
      expect(ready.status).toBe(200);
      const anonymous = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ resource(id: "000000000000000000000001") { id } }' }),
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
