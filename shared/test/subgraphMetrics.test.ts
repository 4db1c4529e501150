import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { env, loadConfig, subgraphConfigSchema } from '../src/config.ts';
import { appError } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';
import { tracingEnabled } from '../src/observability/tracing.ts';
import type { RunningStoreService } from '../src/serviceMain.ts';
import { startProbeService, type ProbeStore } from './probeService.ts';

/**
 * A subgraph's /metrics and access lines with tracing off (the default): in process, on the
 * embedded database, through the start-up every subgraph's `index.ts` uses (`startStoreService`).
 */
const schema = subgraphConfigSchema.extend({ PORT: env.port(0) });
const OPS_TOKEN = 'ops-secret-for-the-test';
let db: EmbeddedDatabase;
let service: RunningStoreService<ProbeStore>;
const lines: Record<string, unknown>[] = [];

const post = (query: string, headers: Record<string, string> = {}) =>
  fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

beforeAll(async () => {
  db = await startEmbeddedDatabase();
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
  service = await startProbeService(
    config,
    {
      sdl: 'type Query { things: Int!, refused: Int }',
      resolvers: {
        Query: {
          things: () => service.store.conn.db!.collection('things').countDocuments({}),
          refused: () => {
            throw appError('FORBIDDEN', 'Not for you.');
          },
        },
      },
    },
    logger,
  );
});
afterAll(async () => {
  await service?.stop();
  await db?.stop();
});

describe('subgraph metrics with tracing off', () => {
  it('counts requests by operation, errors by code and times the database commands', async () => {
    expect(tracingEnabled()).toBe(false);
    expect((await post('query CountThings { things }')).status).toBe(200);
    // The gateway sends unnamed operations and the client's name in a header.
    await post('{ things }', { 'x-edugraph-operation': 'ForwardedName' });
    await post('query Refused { refused }');
    const res = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
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
    expect((await fetch(`${service.url}/metrics`)).status).toBe(401);
  });

  it('writes one access line per request naming the operation, never the query', async () => {
    await post('query Named { things }');
    const line = lines.find((l) => l.msg === 'graphql request' && l.operation === 'Named');
    expect(line).toMatchObject({ service: 'probe', method: 'POST', status: 200, operation: 'Named' });
    expect(JSON.stringify(line)).not.toContain('things');
  });
});
