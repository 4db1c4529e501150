import { generateProvince } from '@edugraph/infra';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { createLogger, databaseName, type RunningSubgraph } from '@edugraph/shared';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatacenterConfig } from '../src/config.ts';
import { loadProvince } from '../src/seed/load.ts';
import { createDatacenterServer } from '../src/server.ts';
import { openDatacenterStore } from '../src/store/index.ts';
import { READ } from './hub.ts';

let hub: TestHub;
let conn: Connection;
let service: RunningSubgraph;
let token: string;
/** Commands the datacenter sent to the database (handshakes and heartbeats aside). */
const commands: string[] = [];
const IGNORED = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'endSessions',
  'createIndexes',
  'listIndexes',
]);

beforeAll(async () => {
  // Identity as a real process for real tokens; the datacenter in-process so the test sees its
  // driver's command monitoring.
  hub = await startTestHub({ services: ['identity'], name: 'rt' });
  conn = await mongoose
    .createConnection(hub.mongoUri, {
      dbName: databaseName(hub.dbPrefix, 'datacenter'),
      retryWrites: false,
      monitorCommands: true,
    })
    .asPromise();
  conn.getClient().on('commandStarted', (e) => {
    if (!IGNORED.has(e.commandName)) commands.push(e.commandName);
  });
  const config = readDatacenterConfig({
    MONGODB_URI: hub.mongoUri,
    EDUGRAPH_DB_PREFIX: hub.dbPrefix,
    IDENTITY_ISSUER: hub.url('identity'),
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const store = await openDatacenterStore(conn, { accessLogRetentionDays: 180 });
  const logger = createLogger({ service: 'datacenter', level: 'warn' });
  service = await createDatacenterServer(config, store, { logger }).listen(0, '127.0.0.1');
  const totals = await loadProvince(store, generateProvince({ seed: 7, students: 700 }), [
    'regions',
    'schools',
    'classes',
    'teachers',
    'students',
    'terms',
    'courses',
    'enrollments',
    'assignments',
    'guardians',
  ]);
  expect(totals.rejected).toBe(0);
  token = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: READ });
}, 300_000);
afterAll(async () => {
  await service?.stop();
  await conn?.close();
  await hub?.stop();
});

const PLAIN = `query($first: Int!) { students(first: $first) { nodes {
    name school { name region { name } } class { name headTeacher { name } } } } }`;

async function roundTrips(
  first: number,
  target = service,
  query = PLAIN,
): Promise<{ count: number; students: number; commands: string[] }> {
  commands.length = 0;
  const res = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { first } }),
  });
  const body = (await res.json()) as {
    data?: { students: { nodes: { class: { headTeacher: unknown } | null }[] } };
    errors?: unknown;
  };
  expect(body.errors).toBeUndefined();
  const nodes = body.data!.students.nodes;
  if (query === PLAIN) expect(nodes.filter((n) => n.class?.headTeacher).length).toBeGreaterThan(first / 2);
  return { count: commands.length, students: nodes.length, commands: [...commands] };
}

describe('database round trips per request', () => {
  it('are the same for a page of 10 students and of 500, with school, region, class and head teacher', async () => {
    const small = await roundTrips(10);
    const large = await roundTrips(500);
    expect(small.students).toBe(10);
    expect(large.students).toBe(500);
    // Concurrent loaders send their commands in either order: compare the multiset.
    expect([...large.commands].sort()).toEqual([...small.commands].sort());
    // students, schools, regions, classes, teachers: one find each (plus the cursor's closing
    // getMore on the embedded database, which reports an open cursor after the last batch).
    expect(small.commands.filter((c) => c === 'find')).toHaveLength(5);
    expect(small.count).toBeLessThanOrEqual(10);
  });

  it("are the same for 10 students and 60 (the cost limit's most) with their enrollments' terms and classes, guardians and codes", async () => {
    const query = `query($first: Int!) { students(first: $first) { nodes {
      genderCode { name } statusCode { name } enrollments { startReason { name } term { name } class { code } }
      guardians { relation { name } } } } }`;
    const small = await roundTrips(10, service, query);
    const large = await roundTrips(60, service, query);
    expect(large.students).toBe(60);
    expect([...large.commands].sort()).toEqual([...small.commands].sort());
  });
});
