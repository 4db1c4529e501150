import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContiguousBatches, readJsonIfExists, writeJsonAtomically } from '../src/checkpoint.ts';
import { ErrorReport } from '../src/errorReport.ts';
import { CheckpointMismatch, openImportState } from '../src/import/importState.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('contiguous batches', () => {
  it('hands batches back in order once every earlier batch has finished', () => {
    const order = new ContiguousBatches<string>();
    expect(order.finish(2, 'c')).toEqual([]);
    expect(order.finish(1, 'b')).toEqual([]);
    expect(order.waiting).toBe(2);
    expect(order.finish(0, 'a')).toEqual(['a', 'b', 'c']);
    expect(order.doneCount).toBe(3);
    expect(order.finish(3, 'd')).toEqual(['d']);
    expect(order.waiting).toBe(0);
  });

  it('refuses a batch finished twice', () => {
    const order = new ContiguousBatches<number>();
    order.finish(0, 0);
    expect(() => order.finish(0, 0)).toThrow(/twice/);
  });
});

describe('checkpoint files', () => {
  it('are replaced atomically and leave no temporary file', () => {
    const path = join(dir, 'atomic.json');
    writeJsonAtomically(path, { n: 1 });
    writeJsonAtomically(path, { n: 2 });
    expect(readJsonIfExists(path)).toEqual({ n: 2 });
    expect(readdirSync(dir).filter((f) => f.startsWith('atomic'))).toEqual(['atomic.json']);
    expect(readJsonIfExists(join(dir, 'absent.json'))).toBeUndefined();
  });

  it('names the file when it is not JSON', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"n":');
    expect(() => readJsonIfExists(path)).toThrow(/broken\.json is not valid JSON/);
  });

  it('resume only the same import: same kind, files, sizes and modification times', () => {
    const data = join(dir, 'students.csv');
    writeFileSync(data, 'a\n1\n');
    const path = join(dir, 'students.checkpoint.json');
    const first = openImportState(path, [data], 'students', false);
    expect(first.resumed).toBe(false);
    first.checkpoint.files[0]!.itemsDone = 1;
    first.save();

    const again = openImportState(path, [data], 'students', false);
    expect(again.resumed).toBe(true);
    expect(again.checkpoint.files[0]!.itemsDone).toBe(1);
    expect(() => openImportState(path, [data], 'teachers', false)).toThrow(CheckpointMismatch);
    expect(openImportState(path, [data], 'teachers', true).resumed).toBe(false);

    utimesSync(data, new Date(), new Date(Date.now() + 5000));
    expect(() => openImportState(path, [data], 'students', false)).toThrow(
      /changed since it was written.*--restart/,
    );
    again.finish();
    expect(existsSync(path)).toBe(false);
  });
});

describe('error report', () => {
  const row = (line: number) => ({
    file: 'students.csv',
    line,
    key: `G${line}`,
    field: 'gender',
    reason: '"X", not 1 or 2',
  });

  it('is a CSV with a BOM and a header, created only when there is something to report', () => {
    const path = join(dir, 'report.csv');
    const report = new ErrorReport(path);
    expect(existsSync(path)).toBe(false);
    report.append([row(2), row(5)]);
    report.close();
    expect(readFileSync(path, 'utf8')).toBe(
      '\uFEFFfile,line,key,field,reason\nstudents.csv,2,G2,gender,"""X"", not 1 or 2"\nstudents.csv,5,G5,gender,"""X"", not 1 or 2"\n',
    );
    expect(report.rowsWritten).toBe(2);
  });

  it('on resume is cut back to the length the checkpoint recorded, so no row repeats', () => {
    const path = join(dir, 'resumed.csv');
    const first = new ErrorReport(path);
    first.append([row(2)]);
    const atCheckpoint = first.size;
    first.append([row(9)]); // written after the last checkpoint, then the run was killed
    first.close();

    const resumed = new ErrorReport(path, atCheckpoint);
    resumed.append([row(9), row(12)]);
    resumed.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(',')[1])).toEqual(['line', '2', '9', '12']);
  });
});
