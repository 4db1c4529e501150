/**
 * The gateway benchmark's read mix, sent to the datacenter directly (in-process, so its database
 * commands can be counted): a page of 50 students with school and class; a school with its 50
 * classes and counts; region indicators. Prints per query the commands sent and the latency, and
 * the mix's throughput with 4 concurrent clients.
 *
 *   node subgraphs/datacenter/test/readMix.ts [students=3000] [seconds=10]
 */
import { generateProvince } from '@edugraph/infra';
import { startTestHub } from '@edugraph/infra/testing';
import { createLogger, databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { readDatacenterConfig } from '../src/config.ts';
import { loadProvince } from '../src/seed/load.ts';
import { createDatacenterServer } from '../src/server.ts';
import { openDatacenterStore } from '../src/store/index.ts';

const students = Number(process.argv[2] ?? 3000);
const seconds = Number(process.argv[3] ?? 10);
const QUERIES = {
  students: `query($region: String!) { students(filter: { regionCode: $region }, first: 50) {
    totalCount edges { node { id name registryNumber gender status school { id code name } class { id name grade } } } } }`,
  school: `query($code: String!) { schoolByCode(code: $code) { name kind classrooms region { name }
    classes(first: 50) { totalCount edges { node { name grade students(first: 1) { totalCount } } } } } }`,
  region: `query($regionCode: ID!) { region(code: $regionCode) { name level
    indicators { schools teachingPoints students teachers broadbandRatio multimediaClassroomRatio teacherTrainingRatio }
    children { code name } } }`,
};

const hub = await startTestHub({ services: ['identity'], name: 'mix' });
const conn = await mongoose
  .createConnection(hub.mongoUri, {
    dbName: databaseName(hub.dbPrefix, 'datacenter'),
    retryWrites: false,
    monitorCommands: true,
  })
  .asPromise();
let commands = 0;
conn.getClient().on('commandStarted', (e) => {
  if (!['hello', 'isMaster', 'ismaster', 'ping', 'endSessions'].includes(e.commandName)) commands++;
});
try {
  const config = readDatacenterConfig({
    ...process.env,
    MONGODB_URI: hub.mongoUri,
    EDUGRAPH_DB_PREFIX: hub.dbPrefix,
    IDENTITY_ISSUER: hub.url('identity'),
    PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const store = await openDatacenterStore(conn, { accessLogRetentionDays: 180 });
  const logger = createLogger({ service: 'datacenter', level: 'warn' });
  const service = await createDatacenterServer(config, store, { logger }).listen(0, '127.0.0.1');
  let t = performance.now();
  await loadProvince(store, generateProvince({ seed: 20260101, students }), [
    'regions',
    'schools',
    'classes',
    'teachers',
    'students',
  ]);
  console.log(`loaded ${students} students in ${Math.round(performance.now() - t)} ms`);
  const token = await hub.tokenFor({
    org: '330000',
    roles: ['PROVINCIAL_ADMIN'],
    scopes: ['datacenter:read'],
  });
  const post = async (query: string, variables: object) => {
    const res = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    if (Object.values(body.data ?? {}).some((v) => v === null)) throw new Error(`null answer to ${query}`);
    return body.data;
  };
  const first = await post('{ schools(first: 1) { nodes { code } } }', {});
  const variables = { region: '330000', regionCode: '330000', code: first.schools.nodes[0].code };
  const bodies = Object.entries(QUERIES).map(([name, query]) => ({ name, query }));
  for (const { name, query } of bodies) {
    await post(query, variables);
    commands = 0;
    t = performance.now();
    const n = 5;
    for (let i = 0; i < n; i++) await post(query, variables);
    console.log(
      `${name}: ${(commands / n).toFixed(1)} commands, ${((performance.now() - t) / n).toFixed(1)} ms each`,
    );
  }
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  t = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, c) => {
      for (let i = c; performance.now() < until; i++) {
        const { query } = bodies[i % bodies.length]!;
        await post(query, variables);
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `mix, 4 concurrent: ${(done / elapsed).toFixed(1)} req/s, ${((used.user + used.system) / 1000 / done).toFixed(1)} ms CPU of this process per request (service and client)`,
  );
  await service.stop();
} finally {
  await conn.close();
  await hub.stop();
}
