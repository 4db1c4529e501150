import { generateProvince, type GeneratedProvince } from '@edugraph/infra';
import { rawBulkWrite, startTestHub, upsertGenerated, type TestHub } from '@edugraph/infra/testing';
import { databaseName, type RecordKind } from '@edugraph/shared';
import { MongoClient } from 'mongodb';
import { loadavg } from 'node:os';
import { cpuSeconds } from '../../../test/src/bench/gateway/candidates.ts';

/**
 * `npm run bench datacenter`: loads a generated province of 100,000 students into a running
 * datacenter service (a real process, with identity issuing the token) through its GraphQL batch
 * upserts over HTTP, 1,000 records a call, from CONCURRENCY clients at once, as a sync job would.
 * The baseline, in the same run and database: the raw driver inserting the very same stored
 * documents with bulkWrite, 1,000 a call, as many at once, into a collection with the same
 * indexes. Then an idempotent re-run of the students (all UNCHANGED).
 *
 * BENCH_SCALE=0.05 runs it on 5,000 students while developing.
 */
export const part = 'datacenter';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1))
  throw new Error(`BENCH_SCALE must be in (0, 1]; got ${process.env.BENCH_SCALE}`);
const STUDENTS = Math.round(100_000 * SCALE);
// Records per upsert call (the API allows 1,000); smaller batches make a longer change log.
const BATCH = Number(process.env.DATACENTER_BENCH_BATCH ?? 1000);
const CONCURRENCY = 4;
const WRITE_SCOPES = ['datacenter:read', 'datacenter:write', 'personal-data'];

/** Sends a kind's records in batches of BATCH, `concurrency` calls in flight. */
const upsertAll = (
  hub: TestHub,
  token: string,
  province: GeneratedProvince,
  kind: RecordKind,
  concurrency: number,
) => upsertGenerated(hub, () => Promise.resolve(token), province, kind, { batch: BATCH, concurrency });

/** Reads the STUDENT change feed from the start to its end, as `edugraph-sync pull` does. */
async function readWholeFeed(hub: TestHub, token: string) {
  const query = `query Feed($after: String) {
    changes(after: $after, first: 1000, kinds: [STUDENT]) { endCursor hasMore changes { key op version record } }
  }`;
  let after: string | null = null;
  let changes = 0;
  let pages = 0;
  const pageMs: number[] = [];
  const started = performance.now();
  for (;;) {
    const t = performance.now();
    const body = await hub.gql('datacenter', query, { after }, token);
    pageMs.push(performance.now() - t);
    const page = body.data?.changes as
      { endCursor: string | null; hasMore: boolean; changes: unknown[] } | undefined;
    if (!page) throw new Error(`changes failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    changes += page.changes.length;
    pages++;
    after = page.endCursor;
    if (!page.hasMore) break;
  }
  return { changes, pages, lastPageMs: pageMs.at(-1) ?? 0, ms: performance.now() - started };
}

export async function run(): Promise<Record<string, unknown>> {
  const hub = await startTestHub({ services: ['identity', 'datacenter'], name: 'bench' });
  const client = await MongoClient.connect(hub.mongoUri);
  try {
    const token = await hub.tokenFor({ org: '100000', roles: ['SERVICE'], scopes: WRITE_SCOPES });
    const province = generateProvince({ seed: 20260101, students: STUDENTS });
    let t = performance.now();
    let skeleton = 0;
    for (const kind of ['regions', 'schools', 'classes', 'teachers'] as const)
      skeleton += (await upsertAll(hub, token, province, kind, 1)).created;
    const skeletonMs = performance.now() - t;

    // The machine is shared: the datacenter's own CPU time per student says what the rate
    // cannot (the rate also waits on the database and on the other processes).
    // CPU per student of every process on the path (the machine is shared, so rates move with
    // the other jobs; CPU per record does not): the datacenter, the embedded database, and this
    // process as the client (a sync job's JSON, or the driver's BSON for the raw writes).
    const pid = hub.pid('datacenter')!;
    const dbPid = hub.databasePid();
    const dbCpu = () => (dbPid ? cpuSeconds(dbPid) : Number.NaN);
    const ownCpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    };
    let cpu = cpuSeconds(pid);
    const cpuDb = dbCpu();
    const cpuOwn = ownCpu();
    t = performance.now();
    const loaded = await upsertAll(hub, token, province, 'students', CONCURRENCY);
    const studentsMs = performance.now() - t;
    const perStudent = (seconds: number, n = loaded.created) => Math.round((seconds * 1e6) / n);
    const upsertCpu = {
      datacenter: perStudent(cpuSeconds(pid) - cpu),
      database: perStudent(dbCpu() - cpuDb),
      client: perStudent(ownCpu() - cpuOwn),
    };

    const raw = await rawBulkWrite(client.db(databaseName(hub.dbPrefix, 'datacenter')), {
      batchSize: BATCH,
      concurrency: CONCURRENCY,
      cpuSeconds: { database: dbCpu, client: ownCpu },
    });
    const rawCpu = {
      database: perStudent(raw.cpu.database!, raw.written),
      client: perStudent(raw.cpu.client!, raw.written),
    };
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

    cpu = cpuSeconds(pid);
    t = performance.now();
    const again = await upsertAll(hub, token, province, 'students', CONCURRENCY);
    const rerunMs = performance.now() - t;
    const rerunCpu = cpuSeconds(pid) - cpu;

    const feed = await readWholeFeed(hub, token);
    t = performance.now();
    const rawRead = await client
      .db(databaseName(hub.dbPrefix, 'datacenter'))
      .collection('students')
      .find({}, { projection: { _id: 0 } })
      .toArray();
    const rawReadMs = performance.now() - t;

    const upsertRate = Math.round(loaded.created / (studentsMs / 1000));
    const rawRate = Math.round(raw.written / (raw.ms / 1000));
    return {
      database: process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB v1 (SQLite)',
      students: STUDENTS,
      batch: BATCH,
      concurrentCalls: CONCURRENCY,
      skeleton: { records: skeleton, seconds: round(skeletonMs / 1000) },
      loadStudents: { created: loaded.created, seconds: round(studentsMs / 1000) },
      upsertRecordsPerSecond: upsertRate,
      rawBulkWriteRecordsPerSecond: rawRate,
      ratioToRaw: round(upsertRate / rawRate),
      datacenterCpuMicrosPerStudent: upsertCpu.datacenter,
      cpuMicrosPerStudent: {
        note: 'CPU per student written, per process: the upserts against raw bulkWrite (its writes only); cpuRatioToRaw is the rate ratio a CPU-bound machine would give',
        upserts: upsertCpu,
        rawBulkWrite: rawCpu,
        cpuRatioToRaw: round(sum(rawCpu) / sum(upsertCpu)),
      },
      loadAverage: loadavg().map((l) => round(l)),
      idempotentRerun: {
        unchanged: again.unchanged,
        seconds: round(rerunMs / 1000),
        recordsPerSecond: Math.round(again.unchanged / (rerunMs / 1000)),
        datacenterCpuMicrosPerStudent: Math.round((rerunCpu * 1e6) / again.unchanged),
      },
      changeFeed: {
        note: 'the whole feed of STUDENT changes in pages of 1,000 (what a pull reads), with records',
        changes: feed.changes,
        pages: feed.pages,
        seconds: round(feed.ms / 1000),
        changesPerSecond: Math.round(feed.changes / (feed.ms / 1000)),
        lastPageMs: round(feed.lastPageMs),
        baselineRawFindStudentsPerSecond: Math.round(rawRead.length / (rawReadMs / 1000)),
      },
    };
  } finally {
    await client.close();
    await hub.stop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
