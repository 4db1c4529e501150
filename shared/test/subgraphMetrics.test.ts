import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { env, loadConfig, subgraphConfigSchema } from '../src/config.ts';
import { appError } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';
import { tracingEnabled } from '../src/observability/tracing.ts';
import { openSubgraphService } from '../src/subgraphService.ts';
import type { RunningSubgraph } from '../src/subgraph.ts';
import type { Connection } from 'mongoose';

/**
 * A subgraph's /metrics and access lines with tracing off (the default): in process, on the
 * embedded database, through the same start-up every subgraph uses.
 */
const schema = subgraphConfigSchema.extend({ PORT: env.port(0) });
const OPS_TOKEN = 'ops-secret-for-the-test';
let db: EmbeddedDatabase;
let running: RunningSubgraph;
let conn: Connection;
const lines: Record<string, unknown>[] = [];

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${running.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

beforeAll(async () => {
  db = await startEmbeddedDatabase();
  const schemaFile = join(mkdtempSync(join(tmpdir(), 'metrics-')), 'schema.graphql');
  writeFileSync(schemaFile, 'type Query { things: Int!, refused: Int }');
  const logger = createLogger({
    service: 'probe',
    destination: new Writable({
      write(chunk, _e, done) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  });
  const config = loadConfig('probe', schema, {
    MONGODB_URI: db.uri,
    EDUGRAPH_DB_PREFIX: 'metrics',
    NODE_ENV: 'production',
    OPS_TOKEN,
  });
  const service = await openSubgraphService('probe', config, { logger });
  conn = service.conn;
  running = await service.listen({
    schemaFile,
    resolvers: {
      Query: {
        things: () => conn.db!.collection('things').countDocuments({}),
        refused: () => {
          throw appError('FORBIDDEN', 'Not for you.');
        },
      },
    },
    context: (caller) => ({ caller }),
  });
});
afterAll(async () => {
  await running?.stop();
  await db?.stop();
});

describe('subgraph metrics with tracing off', () => {
  it('counts requests by operation, errors by code and times the database commands', async () => {
    expect(tracingEnabled()).toBe(false);
    expect((await post('query CountThings { things }')).status).toBe(200);
    // The gateway sends unnamed operations and the client's name in a header.
    await post('{ things }', { 'x-edugraph-operation': 'ForwardedName' });
    await post('query Refused { refused }');
    const res = await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(
      'edugraph_subgraph_requests_total{operation="CountThings",status="200",service="probe"} 1',
    );
    expect(text).toContain(
      'edugraph_subgraph_requests_total{operation="ForwardedName",status="200",service="probe"} 1',
    );
    expect(text).toContain('edugraph_subgraph_errors_total{code="FORBIDDEN",service="probe"} 1');
    expect(text).toMatch(
      /edugraph_subgraph_database_command_duration_seconds_count\{service="probe",command="aggregate",collection="things",outcome="ok"\} 2/,
    );
  });

  it('closes /metrics in production to callers without the ops token', async () => {
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
  });

  it('writes one access line per request naming the operation, never the query', async () => {
    await post('query Named { things }');
    const line = lines.find((l) => l.msg === 'graphql request' && l.operation === 'Named');
    expect(line).toMatchObject({ service: 'probe', method: 'POST', status: 200, operation: 'Named' });
    expect(JSON.stringify(line)).not.toContain('things');
  });
});
