/**
 * Reads at scale, against the datacenter as its own process: loads the generated province
 * (BENCH_SCALE × 1,000,000 students, with schools, classes and teachers) through the upserts,
 * starts the service, and prints its RSS after start and after the reads, and the median and p90
 * of: a county's students page of 50 (the first, and the 100th reached by cursors), a class's
 * students, a student by registry number, the province's indicators.
 *
 *   BENCH_SCALE=0.1 nice -n 10 node subgraphs/datacenter/test/readScale.ts
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { generateProvince, serverEntry } from '@edugraph/infra';
import { startTestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { loadProvince } from '../src/seed/load.ts';
import { createChangeLog } from '../src/store/changeLog.ts';
import type * as StoreModule from '../src/store/index.ts';

const students = Math.round(Number(process.env.BENCH_SCALE ?? 0.1) * 1_000_000);
const RUNS = Number(process.env.RUNS ?? 15);
// The models module moved into store/ with issue 15; this script measures both layouts.
const modelsModule = (await import('../src/store/index.ts').catch(
  () => import('../src/models/index.ts' as string),
)) as typeof StoreModule;

const rssMb = (pid: number) =>
  Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

const hub = await startTestHub({ services: ['identity'], name: 'scale' });
const conn = await mongoose
  .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'datacenter'), retryWrites: false })
  .asPromise();
let service: ReturnType<typeof spawn> | undefined;
try {
  const models = modelsModule.createModels(conn);
  // Indexes (and, after issue 15, the marker that a new database needs no backfill).
  const prepare = (modelsModule as Partial<typeof StoreModule>).prepareStore;
  await (prepare ? prepare({ models }) : modelsModule.ensureIndexes(models));
  let t = performance.now();
  const province = generateProvince({ seed: 20260101, students });
  await loadProvince({ models, log: createChangeLog(models) }, province, [
    'regions',
    'schools',
    'classes',
    'teachers',
    'students',
  ]);
  console.log(`loaded ${students} students in ${Math.round((performance.now() - t) / 1000)} s`);

  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const url = `http://127.0.0.1:${port}`;
  t = performance.now();
  service = spawn(process.execPath, [serverEntry('subgraphs/datacenter')], {
    env: {
      ...process.env,
      MONGODB_URI: hub.mongoUri,
      EDUGRAPH_DB_PREFIX: hub.dbPrefix,
      IDENTITY_ISSUER: hub.url('identity'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MAX_COST: '100000000',
    },
    stdio: 'inherit',
  });
  for (;;) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`ready in ${Math.round(performance.now() - t)} ms; RSS ${rssMb(service.pid!)} MB`);

  const token = await hub.tokenFor({
    org: '330000',
    roles: ['PROVINCIAL_ADMIN'],
    scopes: ['datacenter:read', 'personal-data'],
  });
  const post = async (query: string, variables: object = {}) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data;
  };
  // Wait until the service answers from what is stored (main's replica builds in the background).
  await post('{ schools(first: 1) { nodes { code } } }');
  const page = `query($county: String!, $after: String) { students(filter: { regionCode: $county }, first: 50, after: $after) {
    edges { node { id name registryNumber status school { name } class { name } } } pageInfo { endCursor hasNextPage } } }`;
  const school = (
    await post(
      '{ schools(first: 1, filter: { teachingPoint: false }) { nodes { code region { code } classes(first: 1) { nodes { code } } } } }',
    )
  ).schools.nodes[0];
  const county = school.region.code as string;
  const classCode = school.classes.nodes[0].code as string;
  const registryNumber = (province.students().next().value as { registryNumber: string }).registryNumber;
  let after: string | null = null;
  let pages = 1;
  for (; pages < 100; pages++) {
    const d = await post(page, { county, after });
    if (!d.students.pageInfo.hasNextPage) break;
    after = d.students.pageInfo.endCursor;
  }
  const shapes: [string, string, object][] = [
    ['county students, first page of 50', page, { county, after: null }],
    [`county students, page ${pages} of 50`, page, { county, after }],
    [
      "a class's students (50)",
      'query($c: String!) { classByCode(code: $c) { students(first: 50) { totalCount edges { node { name } } } } }',
      { c: classCode },
    ],
    [
      'student by registry number',
      'query($r: String!) { studentByRegistryNumber(registryNumber: $r) { name school { name } } }',
      { r: registryNumber },
    ],
    [
      'province indicators',
      '{ region(code: "330000") { indicators { schools teachingPoints students teachers broadbandRatio multimediaClassroomRatio teacherTrainingRatio } } }',
      {},
    ],
  ];
  for (const [name, query, variables] of shapes) {
    await post(query, variables);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await post(query, variables);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
    console.log(`${name}: median ${at(0.5)} ms, p90 ${at(0.9)} ms`);
  }
  console.log(`RSS after the reads ${rssMb(service.pid!)} MB`);
} finally {
  service?.kill('SIGTERM');
  await conn.close();
  await hub.stop();
}
