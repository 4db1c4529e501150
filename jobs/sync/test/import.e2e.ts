import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesDocument, type ChangeFeed } from '../src/hub/documents.ts';
import { kindSpecs } from '../src/kinds.ts';
import {
  fileRecords,
  KIND_ORDER,
  readBack,
  runCli,
  seedFiles,
  startSyncHub,
  type SyncHub,
} from './syncHub.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-import-e2e-'));
// 600 students: one batch of them is about 150 kB, over the 100 kB body limit of this test's gateway.
const STUDENTS = 600;
let h: SyncHub;
let jyt: Awaited<ReturnType<typeof seedFiles>>;
let english: Awaited<ReturnType<typeof seedFiles>>;

beforeAll(async () => {
  // A gateway with a small body limit (100 kB) and otherwise its defaults: the students' batch is
  // over it, so the CLI has to split it.
  h = await startSyncHub('import', { MAX_BODY_BYTES: '100000' });
  // The seed generator's files: JY/T columns in GB18030 (what provincial systems send), and the
  // same province as English NDJSON (what the hub's records must equal).
  jyt = await seedFiles(join(dir, 'jyt'), STUDENTS, { format: 'csv', columns: 'jyt', encoding: 'gb18030' });
  english = await seedFiles(join(dir, 'en'), STUDENTS, {
    format: 'ndjson',
    columns: 'english',
    encoding: 'utf8',
  });
});
afterAll(async () => {
  await h?.hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function feedEnd(): Promise<string | null> {
  let after: string | null = null;
  for (;;) {
    const data: { changes: ChangeFeed } = await h.client.request(changesDocument, { after, first: 1000 });
    after = data.changes.endCursor;
    if (!data.changes.hasMore) return after;
  }
}

describe('edugraph-sync import', () => {
  it('imports the seed files with JY/T columns in GB18030 and the graph returns exactly their records', async () => {
    for (const kind of KIND_ORDER) {
      const run = await runCli(['import', jyt[kind], '--kind', kind, '--progress', 'lines'], h.env, dir);
      expect(run.code, `${kind}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/imported \d+ records .*rejected 0/);
    }
    for (const kind of KIND_ORDER) {
      const expected = fileRecords(english[kind], kindSpecs[kind].key);
      const actual = await readBack(h.client, kind);
      expect(actual.size, kind).toBe(expected.size);
      for (const [key, record] of expected) expect(actual.get(key), `${kind} ${key}`).toEqual(record);
    }
  });

  it('changes nothing when the same import runs again, from the CSV, a UTF-8 copy or the English NDJSON', async () => {
    const before = await feedEnd();
    const again = await runCli(['import', jyt.students, '--kind', 'students'], h.env, dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`imported ${STUDENTS} records .*: created 0, updated 0, unchanged ${STUDENTS}, rejected 0`),
    );
    const utf8 = await seedFiles(join(dir, 'utf8'), STUDENTS, {
      format: 'csv',
      columns: 'jyt',
      encoding: 'utf8',
      bom: true,
      kinds: ['students'],
    });
    const bom = await runCli(['import', utf8.students, '--kind', 'students'], h.env, dir);
    expect(bom.stdout).toMatch(
      new RegExp(`imported ${STUDENTS} records .*: created 0, updated 0, unchanged ${STUDENTS}, rejected 0`),
    );
    for (const kind of KIND_ORDER) {
      const ndjson = await runCli(['import', english[kind], '--kind', kind, '-c', '2'], h.env, dir);
      expect(ndjson.code, `${kind}: ${ndjson.stdout}${ndjson.stderr}`).toBe(0);
      expect(ndjson.stdout, kind).toMatch(/created 0, updated 0, unchanged \d+, rejected 0/);
    }
    expect(await feedEnd()).toBe(before);
  });

  it('imports the good rows of a file with bad ones and lists each bad field in the error report', async () => {
    const lines = readFileSync(english.students, 'utf8').trim().split('\n').slice(0, 6);
    const records = lines.map((l) => JSON.parse(l) as Record<string, any>);
    const fresh = (r: Record<string, any>, i: number): Record<string, any> => {
      // New students: same class, a new temporary (L) registry number and no ID card.
      return { ...r, registryNumber: `L90000000000000000${i}`, idNumber: null, name: `新生${i}` };
    };
    const rows = records.map(fresh);
    rows[1]!.gender = 'X';
    rows[3]!.schoolCode = '2133999999';
    rows[3]!.classCode = '2133999999202601';
    rows[4]!.birthDate = '2020-02-30';
    const path = join(dir, 'new-students.ndjson');
    writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n{"registryNumber": \n');
    const run = await runCli(['import', path, '--kind', 'students', '--report', 'bad.csv'], h.env, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/imported 7 records .*created 3, updated 0, unchanged 0, rejected 4/);
    const report = readFileSync(join(dir, 'bad.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(report[0]).toBe('file,line,key,field,reason');
    expect(report.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      `new-students.ndjson,2,${rows[1]!.registryNumber},gender`,
      `new-students.ndjson,4,${rows[3]!.registryNumber},schoolCode`,
      `new-students.ndjson,4,${rows[3]!.registryNumber},classCode`,
      `new-students.ndjson,5,${rows[4]!.registryNumber},birthDate`,
      'new-students.ndjson,7,,',
    ]);
    // The hub said why the unknown school is refused; the CLI said why the others are.
    expect(report[2]).toMatch(/UNKNOWN_REFERENCE/);
    const back = await readBack(h.client, 'students');
    for (const i of [0, 2, 5]) expect(back.get(rows[i]!.registryNumber)).toEqual(rows[i]);
    for (const i of [1, 3, 4]) expect(back.has(rows[i]!.registryNumber)).toBe(false);
  });

  it('refuses wrong credentials before reading the file', async () => {
    const run = await runCli(
      ['import', jyt.students, '--kind', 'students', '--client-secret', 'wrong'],
      h.env,
      dir,
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/token endpoint .* refused client .*check the client id, secret/);
  });
});
