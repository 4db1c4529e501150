import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawBulkWrite } from '@edugraph/infra/testing';
import { connectDatabase, databaseName } from '@edugraph/shared';
import { runCli, seedFiles, startSyncHub, SYNC_GATEWAY_ENV, type CliRun } from './syncHub.ts';

/**
 * `npm run bench sync`: the sync CLI importing the seed generator's file of 100,000 students
 * (CSV, JY/T columns) into a running hub — gateway, identity and datacenter processes on the
 * embedded database, client-credentials token, batches of 1000, 2 in flight, checkpoint after
 * every batch — next to the raw driver writing the very same documents (as the datacenter
 * stored them) with `bulkWrite` to a collection with the same indexes in the same database.
 * Then the same import again (every record UNCHANGED). `BENCH_SCALE=0.05` runs 5,000 students.
 */
export const part = 'sync';

const BATCH = 1000;

export async function run(): Promise<Record<string, unknown>> {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const students = Math.max(1000, Math.round(100_000 * scale));
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 2);
  const dir = mkdtempSync(join(tmpdir(), 'sync-bench-'));
  const h = await startSyncHub('bench');
  try {
    let t = performance.now();
    const files = await seedFiles(
      dir,
      students,
      { format: 'csv', columns: 'jyt', encoding: 'utf8' },
      20260101,
    );
    const generateMs = performance.now() - t;
    t = performance.now();
    for (const kind of ['regions', 'schools', 'classes', 'teachers'] as const)
      check(await runCli(['import', files[kind], '--kind', kind, '--progress', 'none'], h.env, dir), kind);
    const skeletonMs = performance.now() - t;

    const importArgs = [
      'import',
      files.students,
      '--kind',
      'students',
      '--progress',
      'none',
      '-c',
      String(concurrency),
    ];
    t = performance.now();
    const first = check(await runCli(importArgs, h.env, dir), 'students');
    const importMs = performance.now() - t;
    const firstCounts = counts(first);
    // A batch the hub took too long to answer is sent again and comes back UNCHANGED.
    if (firstCounts.created + firstCounts.unchanged !== students || firstCounts.rejected)
      throw new Error(`unexpected summary: ${first.stdout}`);

    t = performance.now();
    const again = check(await runCli(importArgs, h.env, dir), 'students again');
    const againMs = performance.now() - t;
    if (counts(again).unchanged !== students) throw new Error(`unexpected summary: ${again.stdout}`);

    const raw = await rawBulkWriteStudents(h.hub.mongoUri, databaseName(h.hub.dbPrefix, 'datacenter'));
    const importRate = Math.round(students / (importMs / 1000));
    const rawRate = Math.round(raw.written / (raw.ms / 1000));
    return {
      machine: 'shared 2-core VM; CLI, gateway, identity, datacenter and database on the same machine',
      database: process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB v1 (SQLite)',
      students,
      file: 'seed generator CSV, JY/T columns, UTF-8',
      cli: { batchSize: BATCH, concurrency, checkpoint: 'after every batch', through: 'gateway' },
      gateway: SYNC_GATEWAY_ENV,
      generateSeconds: round(generateMs / 1000),
      skeleton: { seconds: round(skeletonMs / 1000), note: 'regions, schools, classes, teachers' },
      import: {
        seconds: round(importMs / 1000),
        recordsPerSecond: importRate,
        summary: first.stdout.trim(),
        recordsResentAfterTimeouts: firstCounts.unchanged,
      },
      rawBulkWrite: { seconds: round(raw.ms / 1000), recordsPerSecond: rawRate, batch: BATCH },
      ratioToRaw: round(importRate / rawRate),
      reimportUnchanged: {
        seconds: round(againMs / 1000),
        recordsPerSecond: Math.round(students / (againMs / 1000)),
      },
    };
  } finally {
    await h.hub.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function counts(run: CliRun): { created: number; unchanged: number; rejected: number } {
  const n = (name: string) => Number(new RegExp(`${name} (\\d+)`).exec(run.stdout)?.[1] ?? NaN);
  return { created: n('created'), unchanged: n('unchanged'), rejected: n('rejected') };
}

function check(run: CliRun, what: string): CliRun {
  if (run.code !== 0) throw new Error(`import of ${what} failed (${run.code}): ${run.stdout}${run.stderr}`);
  return run;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The students the hub stored, written again by the driver alone, 1000 a call, one call at a time. */
async function rawBulkWriteStudents(uri: string, dbName: string) {
  const conn = await connectDatabase({ uri, dbName });
  try {
    return await rawBulkWrite(conn.db!, { batchSize: BATCH, concurrency: 1 });
  } finally {
    await conn.close();
  }
}
