import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullCheckpoint } from '../src/checkpoint.ts';
import { deleteDocument } from '../src/hub/documents.ts';
import {
  KIND_ORDER,
  ROSTER_KINDS,
  ALL_SCOPES,
  readBack,
  runCli,
  seedFiles,
  startCli,
  startSyncHub,
  type SyncHub,
} from './syncHub.ts';

/**
 * Two hubs, each with its own identity provider, datacenter and database: a province (浙江省)
 * and the nation. `pull` replicates the province's change feed into the nation's hub.
 */
const dir = mkdtempSync(join(tmpdir(), 'sync-pull-e2e-'));
let province: SyncHub;
let nation: SyncHub;
let env: Record<string, string>;
let files: Awaited<ReturnType<typeof seedFiles>>;

beforeAll(async () => {
  [province, nation] = await Promise.all([startSyncHub('province'), startSyncHub('nation')]);
  // The province's feed is read by a client of the province (org 330000), as in production.
  const feedClient = await province.hub.registerServiceClient({
    org: '330000',
    roles: ['SERVICE'],
    scopes: ALL_SCOPES,
    name: 'national replication',
  });
  env = {
    ...nation.env,
    EDUGRAPH_SOURCE_HUB_URL: province.graphqlUrl,
    EDUGRAPH_SOURCE_TOKEN_URL: province.tokenUrl,
    EDUGRAPH_SOURCE_CLIENT_ID: feedClient.clientId,
    EDUGRAPH_SOURCE_CLIENT_SECRET: feedClient.clientSecret,
  };
  files = await seedFiles(join(dir, 'seed'), 300, { format: 'ndjson', columns: 'english', encoding: 'utf8' });
  for (const kind of [...KIND_ORDER, ...ROSTER_KINDS]) {
    const run = await runCli(['import', files[kind], '--kind', kind], province.env, dir);
    if (run.code !== 0) throw new Error(`${kind}: ${run.stdout}${run.stderr}`);
  }
  // The nation's hub knows the nation; the province's feed brings everything below it.
  const nationRegion = join(dir, 'nation.ndjson');
  writeFileSync(nationRegion, readFileSync(files.regions, 'utf8').split('\n')[0] + '\n');
  const run = await runCli(['import', nationRegion, '--kind', 'regions'], nation.env, dir);
  if (run.code !== 0) throw new Error(run.stdout + run.stderr);
  // The national curriculum (courses N-…) is the nation's own; a province's feed carries its schools' courses.
  const nationalCourses = join(dir, 'national-courses.ndjson');
  const lines = readFileSync(files.courses, 'utf8').split('\n');
  writeFileSync(nationalCourses, lines.filter((l) => l.includes('"orgCode":"100000"')).join('\n') + '\n');
  const courses = await runCli(['import', nationalCourses, '--kind', 'courses'], nation.env, dir);
  if (courses.code !== 0) throw new Error(courses.stdout + courses.stderr);
});
afterAll(async () => {
  await Promise.all([province?.hub.stop(), nation?.hub.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function expectSameRecords(): Promise<void> {
  for (const kind of [...KIND_ORDER, ...ROSTER_KINDS]) {
    const [a, b] = await Promise.all([readBack(province.client, kind), readBack(nation.client, kind)]);
    expect(b.size, kind).toBe(a.size);
    for (const [key, record] of a) expect(b.get(key), `${kind} ${key}`).toEqual(record);
  }
}

/**
 * Imports an NDJSON file of students into the province's hub. Batches of 50: the embedded
 * database (FerretDB 1.24) never answers an update command of 100 or more statements, and
 * these batches update existing students.
 */
async function importStudents(file: string): Promise<void> {
  const run = await runCli(
    ['import', file, '--kind', 'students', '--no-checkpoint', '--batch-size', '50'],
    province.env,
    dir,
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);
}

/**
 * The nation's students while `pull --follow` may be renaming one: the listing pages by name, so
 * a student renamed between two pages can be listed on both (keyset pages promise no snapshot);
 * such a listing is read again rather than taken for the hub listing a record twice.
 */
async function readWhilePulling(client: SyncHub['client']) {
  try {
    return await readBack(client, 'students');
  } catch (err) {
    if (/lists students .* twice/.test(String(err))) return new Map<string, Record<string, unknown>>();
    throw err;
  }
}

const pull = (...extra: string[]) =>
  runCli(['pull', '--checkpoint', 'pull.json', '--report', 'pull.csv', ...extra], env, dir);
type Student = Record<string, any> & { registryNumber: string; name: string };
const students = (): Student[] =>
  readFileSync(files.students, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Student);

describe('edugraph-sync pull (province → nation)', () => {
  it('replicates every record of the province into the nation’s hub, terms, courses, enrollments, assignments and guardians too', async () => {
    const run = await pull();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/pulled \d+ changes .*rejected 0/);
    await expectSameRecords();
    for (const kind of ROSTER_KINDS)
      expect((await readBack(nation.client, kind)).size, kind).toBeGreaterThan(0);
  });

  it('replicates updates and deletes (tombstones) made since, from the saved cursor', async () => {
    const changed = students()
      .slice(0, 10)
      .map((s) => ({ ...s, name: `${s.name}改`, status: '10' }));
    writeFileSync(join(dir, 'changed.ndjson'), changed.map((s) => JSON.stringify(s)).join('\n'));
    await importStudents('changed.ndjson');
    const gone = students()
      .slice(20, 25)
      .map((s) => s.registryNumber as string);
    const del = await province.client.request<{ result: { deleted: number } }>(deleteDocument, {
      kind: 'STUDENT',
      keys: gone,
    });
    expect(del.result.deleted).toBe(5);

    const run = await pull();
    expect(run.stdout, run.stderr).toMatch(
      /pulled 15 changes .*created 0, updated 10, unchanged 0, rejected 0, deleted 5/,
    );
    await expectSameRecords();
    const back = await readBack(nation.client, 'students');
    expect(back.get(changed[0]!.registryNumber)).toMatchObject({
      status: '10',
      name: changed[0]!.name,
    });
    for (const key of gone) expect(back.has(key)).toBe(false);

    const idle = await pull();
    expect(idle.stdout).toMatch(/pulled 0 changes/);
  });

  it('resumes after being killed mid-way through inserts, updates and deletes, ending with the same records', async () => {
    // 200 updates, 30 new students, 30 deletes: 260 changes to pull, 10 a page.
    const graduated = students()
      .slice(25, 225)
      .map((s) => ({ ...s, status: '07' }));
    const newcomers = students()
      .slice(0, 30)
      .map((s, i) => ({
        ...s,
        registryNumber: `L8${String(i).padStart(17, '0')}`,
        idNumber: null,
        name: `插班生${i}`,
      }));
    writeFileSync(
      join(dir, 'batch.ndjson'),
      [...graduated, ...newcomers].map((s) => JSON.stringify(s)).join('\n'),
    );
    await importStudents('batch.ndjson');
    const leaving = students()
      .slice(225, 255)
      .map((s) => s.registryNumber);
    const del = await province.client.request<{ result: { deleted: number } }>(deleteDocument, {
      kind: 'STUDENT',
      keys: leaving,
    });
    expect(del.result.deleted).toBe(30);

    const applied = () =>
      (JSON.parse(readFileSync(join(dir, 'pull.json'), 'utf8')) as PullCheckpoint).changesApplied;
    const start = applied();
    let kills = 0;
    for (let attempt = 0; attempt < 40 && kills < 6; attempt++) {
      const before = applied();
      const { child, done } = startCli(
        ['pull', '--checkpoint', 'pull.json', '--report', 'pull.csv', '--page-size', '10'],
        env,
        dir,
      );
      let exited = false;
      void done.then(() => (exited = true));
      // Half the kills wait for a page to be applied, half come at any moment (start-up, mid-page).
      if (attempt % 2 === 0) while (!exited && applied() === before) await sleep(10);
      await sleep(Math.random() * 300);
      if (exited) break;
      child.kill('SIGKILL');
      await done;
      kills++;
    }
    expect(kills).toBe(6);
    expect(applied(), 'the killed pulls made progress').toBeGreaterThan(start);
    expect(applied(), 'and left work to resume').toBeLessThan(start + 260);
    const last = await pull('--page-size', '10');
    expect(last.code, last.stdout + last.stderr).toBe(0);
    expect(applied()).toBeGreaterThanOrEqual(start + 260);
    await expectSameRecords();
    const back = await readBack(nation.client, 'students');
    expect([...back.values()].filter((s) => s.status === '07')).toHaveLength(200);
    for (const s of newcomers) expect(back.get(s.registryNumber), s.registryNumber).toEqual(s);
    for (const key of leaving) expect(back.has(key), key).toBe(false);
  });

  it('with --follow keeps applying new changes until stopped', async () => {
    const { child, done } = startCli(
      ['pull', '--checkpoint', 'pull.json', '--report', 'pull.csv', '--follow', '--interval', '1'],
      env,
      dir,
    );
    const one = { ...students()[30]!, name: '跟随者' };
    writeFileSync(join(dir, 'one.ndjson'), JSON.stringify(one));
    await importStudents('one.ndjson');
    const deadline = Date.now() + 30_000;
    let seen: Record<string, unknown> | undefined;
    while (Date.now() < deadline && seen?.name !== '跟随者') {
      await sleep(500);
      seen = (await readWhilePulling(nation.client)).get(one.registryNumber);
    }
    expect(seen?.name).toBe('跟随者');
    child.kill('SIGTERM');
    const run = await done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/interrupted after 1 changes/);
    // Once nothing writes, the listing holds each student once, renamed.
    expect((await readBack(nation.client, 'students')).get(one.registryNumber)?.name).toBe('跟随者');
  });
});
