import { readFileSync } from 'node:fs';
import { startEmbeddedDatabase } from '@edugraph/infra';
import mongoose from 'mongoose';
import {
  INSERTS_IN_FLIGHT,
  loadStudents,
  STUDENT_INDEXES,
  type StudentDocument,
} from './embeddedDb/students.ts';

/**
 * `npm run bench embedded-db`: the embedded database (FerretDB + our patches) with a collection
 * of generated students and the datacenter's real indexes. Each query shape is timed on a
 * database with pushdown (patches 0004/0005) and on one started with `-disable-pushdown`
 * (FerretDB's own behaviour: every query decodes the whole collection). The latter is too slow at
 * full size, so it runs on a smaller collection and is extrapolated linearly (labelled so).
 * BENCH_SCALE (0–1, default 1) scales the 1,000,000 students.
 */
export const part = 'embedded-db';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1))
  throw new Error(`BENCH_SCALE must be in (0, 1]; got ${process.env.BENCH_SCALE}`);
const SIZE = Math.round(1_000_000 * SCALE);
const SIZE_WITHOUT = Math.min(SIZE, 20_000);
const RUNS = 100;
const BUDGET_MS = 8_000;

type Db = mongoose.mongo.Db;
type Shape = {
  name: string;
  filter: (s: StudentDocument, sample: StudentDocument[]) => Record<string, unknown>;
  run: (db: Db, s: StudentDocument, sample: StudentDocument[], i: number) => Promise<unknown>;
  /** The sort and limit of a sorted page, for its plan. */
  page?: { sort: Record<string, 1>; limit: number };
};

const students = (db: Db) => db.collection<StudentDocument>('students');
const county = (s: StudentDocument) => s.orgPath[3]!;
const keys = (sample: StudentDocument[], i: number) =>
  Array.from({ length: 1000 }, (_, k) => sample[(i + k) % sample.length]!.registryNumber);

const shapes: Shape[] = [
  {
    name: 'lookup by registryNumber (unique index)',
    filter: (s) => ({ registryNumber: s.registryNumber }),
    run: (db, s) => students(db).findOne({ registryNumber: s.registryNumber }),
  },
  {
    name: 'lookup by name',
    filter: (s) => ({ name: s.name, deleted: false }),
    run: (db, s) => students(db).find({ name: s.name, deleted: false }).toArray(),
  },
  {
    name: '$in of 1,000 registryNumbers',
    filter: (_, sample) => ({ registryNumber: { $in: keys(sample, 0) } }),
    run: (db, _, sample, i) =>
      students(db)
        .find({ registryNumber: { $in: keys(sample, i) } })
        .toArray(),
  },
  {
    name: 'count of a class (countDocuments)',
    filter: (s) => ({ classCode: s.classCode, deleted: false }),
    run: (db, s) => students(db).countDocuments({ classCode: s.classCode, deleted: false }),
  },
  {
    name: 'count of a school (countDocuments)',
    filter: (s) => ({ schoolCode: s.schoolCode, deleted: false }),
    run: (db, s) => students(db).countDocuments({ schoolCode: s.schoolCode, deleted: false }),
  },
  {
    name: 'keyset page of 50 in a school (name > X, sort name, _id)',
    filter: (s) => ({ schoolCode: s.schoolCode, name: { $gt: s.name } }),
    page: { sort: { name: 1, _id: 1 }, limit: 50 },
    run: (db, s) =>
      students(db)
        .find({ schoolCode: s.schoolCode, name: { $gt: s.name } })
        .sort({ name: 1, _id: 1 })
        .limit(50)
        .toArray(),
  },
  {
    name: 'first 50 with name >= X (no sort)',
    filter: (s) => ({ name: { $gte: s.name } }),
    run: (db, s) =>
      students(db)
        .find({ name: { $gte: s.name } })
        .limit(50)
        .toArray(),
  },
  {
    name: 'update one by registryNumber',
    filter: (s) => ({ registryNumber: s.registryNumber }),
    run: (db, s, _, i) =>
      students(db).updateOne({ registryNumber: s.registryNumber }, { $set: { version: i } }),
  },
  {
    name: 'count of a county by orgPath (array field: falls back)',
    filter: (s) => ({ orgPath: county(s), deleted: false }),
    run: (db, s) => students(db).countDocuments({ orgPath: county(s), deleted: false }),
  },
];

/** Median and p99 of one shape: RUNS runs or BUDGET_MS, whichever ends first (at least 2: a shape that falls back takes minutes at 1 M). */
async function time(db: Db, shape: Shape, sample: StudentDocument[]) {
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS && (i < 2 || performance.now() - started < BUDGET_MS); i++) {
    const s = sample[(i * 7919) % sample.length]!;
    const t0 = performance.now();
    await shape.run(db, s, sample, i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    +samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  return { medianMs: at(0.5), p99Ms: at(0.99), runs: samples.length };
}

/** SQLite's plan of the filter; for a sorted page, the plan of its first query (patch 0011). */
async function plan(db: Db, filter: Record<string, unknown>, page?: Shape['page']): Promise<string[]> {
  const res = await db.command({
    explain: { find: 'students', filter, ...page },
    verbosity: 'queryPlanner',
  });
  const planner = res.queryPlanner as { Plan: string[]; sortedPagePlan?: string[] };
  return planner.sortedPagePlan ?? planner.Plan.map((line) => line.replace(/^.*detail=/, ''));
}

/** CPU time (user + system) of a process so far, in ms (Linux /proc; 100 ticks a second). */
function cpuMs(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function open(disablePushdown: boolean, size: number) {
  const server = await startEmbeddedDatabase({ disablePushdown });
  const client = new mongoose.mongo.MongoClient(server.uri, { directConnection: true });
  await client.connect();
  const db = client.db('bench');
  const cpu0 = cpuMs(server.process.pid);
  const load = await loadStudents(db, size);
  // The machine is shared: the database's own CPU time per document says what a quiet machine
  // would reach (the loader generates and encodes on the other core).
  const dbCpuUsPerDocument = +(((cpuMs(server.process.pid) - cpu0) * 1000) / size).toFixed(1);
  return { server, client, db, ...load, dbCpuUsPerDocument };
}

export async function run(): Promise<Record<string, unknown>> {
  const withPd = await open(false, SIZE);
  console.log(
    `loaded ${SIZE} students with pushdown at ${withPd.perSecond}/s (database CPU ${withPd.dbCpuUsPerDocument} µs/document)`,
  );
  const without = await open(true, SIZE_WITHOUT);
  console.log(`loaded ${SIZE_WITHOUT} students without pushdown at ${without.perSecond}/s`);
  const results = [];
  try {
    for (const shape of shapes) {
      const pushed = await time(withPd.db, shape, withPd.sample);
      const reference = await time(without.db, shape, without.sample);
      const factor = SIZE / SIZE_WITHOUT;
      const row = {
        shape: shape.name,
        withPushdown: { size: SIZE, ...pushed },
        withoutPushdown: { size: SIZE_WITHOUT, ...reference },
        withoutPushdownExtrapolated:
          factor === 1
            ? undefined
            : {
                size: SIZE,
                medianMs: +(reference.medianMs * factor).toFixed(0),
                note: 'linear in the collection size',
              },
        plan: await plan(withPd.db, shape.filter(withPd.sample[0]!, withPd.sample), shape.page),
      };
      console.log(JSON.stringify(row));
      results.push(row);
    }
  } finally {
    await Promise.all([withPd.client.close(), without.client.close()]);
    await Promise.all([withPd.server.stop(), without.server.stop()]);
  }
  return {
    scale: SCALE,
    students: SIZE,
    bulkInsertPerSecond: {
      withIndexes: withPd.perSecond,
      size: SIZE,
      indexes: STUDENT_INDEXES.map(([key]) => key),
      databaseCpuUsPerDocument: withPd.dbCpuUsPerDocument,
      batchesInFlight: INSERTS_IN_FLIGHT,
    },
    shapes: results,
  };
}
