import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince } from '@edugraph/infra';
import { fromRow, jytColumnsOf, toRow, RECORD_KINDS, type RecordKind } from '@edugraph/shared';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', 'src', 'seed', 'cli.ts');
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'edugraph-seed-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const seedCli = (...args: string[]) => run(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('seed:generate CLI', () => {
  it('writes GB18030 CSV with JY/T columns that decodes back to the generated records', async () => {
    const dir = join(out, 'gb');
    await seedCli(
      '--students',
      '2500',
      '--seed',
      '7',
      '--out',
      dir,
      '--format',
      'csv',
      '--columns',
      'jyt',
      '--encoding',
      'gb18030',
      '--bom',
    );
    const bytes = await readFile(join(dir, 'students.csv'));
    // GB18030's byte order mark is 84 31 95 33; the file is not UTF-8.
    expect([...bytes.subarray(0, 4)]).toEqual([0x84, 0x31, 0x95, 0x33]);
    expect(bytes.toString('utf8')).not.toContain('汉族');
    const text = iconv.decode(bytes, 'gb18030');
    const rows = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual([
      'XJH',
      'XM',
      'XBM',
      'CSRQ',
      'SFZJH',
      'MZM',
      'XXDM',
      'BJDM',
      'XJZTM',
      'RXNF',
      'SFZJLXM',
      'GATQWM',
      'HKXZM',
      'LSETM',
      'SFSQZN',
      'CJLXM',
      'JKZKM',
    ]);
    expect(rows[0]!.XBM).toMatch(/^[12]$/);
    expect(rows[0]!.XJZTM).toMatch(/^\d{2}$/);
    expect(rows[0]!.CSRQ).toMatch(/^\d{8}$/);
    const expected = [...generateProvince({ seed: 7, students: 2500 }).students()];
    expect(rows.map((row) => fromRow('students', row))).toEqual(
      expected.map((record) => ({ record, issues: [] })),
    );
  });

  it('writes one NDJSON file per kind with English columns, the same bytes on every run', async () => {
    const first = join(out, 'a');
    const second = join(out, 'b');
    const { stdout } = await seedCli('--students', '1500', '--seed', 'x', '--out', first);
    await seedCli('--students', '1500', '--seed', 'x', '--out', second);
    expect(stdout).toMatch(/records\/s/);
    const manifest = JSON.parse(await readFile(join(first, 'manifest.json'), 'utf8'));
    for (const kind of RECORD_KINDS) {
      const text = await readFile(join(first, `${kind}.ndjson`), 'utf8');
      expect(text).toBe(await readFile(join(second, `${kind}.ndjson`), 'utf8'));
      const lines = text.trimEnd().split('\n');
      expect(lines.length, kind).toBe(manifest.counts[kind]);
      expect(() => JSON.parse(lines[0]!)).not.toThrow();
    }
  });

  it('writes .xlsx workbooks with Chinese headers, codes as text, that read back as the generated records', async () => {
    const dir = join(out, 'xlsx');
    await seedCli(
      '--students',
      '1500',
      '--seed',
      '5',
      '--out',
      dir,
      '--format',
      'xlsx',
      '--columns',
      'chinese',
    );
    const province = generateProvince({ seed: 5, students: 1500 });
    for (const kind of ['students', 'enrollments', 'guardians'] as const) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(join(dir, `${kind}.xlsx`));
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).toBe(kind);
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      const header = values(1) as string[];
      expect(header).toEqual(jytColumnsOf(kind).map((c) => c.label));
      const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) =>
        Object.fromEntries(header.map((h, j) => [h, values(i + 2)[j] ?? ''])),
      );
      if (kind === 'students') {
        expect(header.slice(0, 3)).toEqual(['学籍号', '姓名', '性别码']);
        // 学籍状态 as its code, text with its leading zero.
        expect(rows[0]!['学籍状态码']).toMatch(/^\d{2}$/);
      }
      expect(rows.map((row) => fromRow(kind, row))).toEqual(
        [...province.records(kind)].map((record) => ({ record, issues: [] })),
      );
    }
  });

  it('refuses unknown options with a message naming the option', async () => {
    await expect(seedCli('--format', 'xml', '--out', join(out, 'bad'))).rejects.toMatchObject({
      stderr: expect.stringMatching(/--format must be one of ndjson, csv/),
    });
  });
});

describe('JY/T column mapping', () => {
  const province = generateProvince({ seed: 'columns', students: 1200 });

  it('turns every kind of record into English and JY/T rows and back without loss', () => {
    for (const kind of RECORD_KINDS) {
      for (const record of [...province.records(kind as RecordKind)].slice(0, 200)) {
        for (const style of ['english', 'jyt', 'chinese'] as const) {
          expect(fromRow(kind, toRow(kind, record, style))).toEqual({ record, issues: [] });
        }
        // NDJSON with English columns carries native JSON values.
        expect(fromRow(kind, record as unknown as Record<string, unknown>)).toEqual({ record, issues: [] });
      }
    }
  });

  it('writes JY/T codes for gender, dates and ethnicity and reads codes, Chinese names and old English values', () => {
    const student = province.students().next().value!;
    const row = toRow(
      'students',
      { ...student, gender: 'FEMALE', ethnicity: '畲族', birthDate: '2015-03-09' },
      'jyt',
    );
    expect(row).toMatchObject({ XBM: '2', MZM: '22', CSRQ: '20150309' });
    const csrq = jytColumnsOf('students').find((c) => c.column === 'CSRQ')!;
    expect(csrq.toField('20150309')).toBe('2015-03-09');
    expect(csrq.toField('2015-03-09')).toBe('2015-03-09');
    const read = (cells: Record<string, string>) => fromRow('students', { ...row, ...cells }).record;
    expect(read({ XBM: '男', XJZTM: '在读', MZM: '汉族' })).toMatchObject({
      gender: '1',
      status: '01',
      ethnicity: '01',
    });
    expect(read({ XBM: '1', XJZTM: '01', MZM: '1' })).toMatchObject({
      gender: '1',
      status: '01',
      ethnicity: '01',
    });
    expect(read({ XBM: 'FEMALE', XJZTM: 'ENROLLED', MZM: '畲族' })).toMatchObject({
      gender: '2',
      status: '01',
      ethnicity: '22',
    });
    expect(
      fromRow('students', { ...row, XBM: '不详的', CSRQ: '2015/3/9' }).issues.map((i) => i.column),
    ).toEqual(['XBM', 'CSRQ']);
  });
});
