import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLanguage } from '../src/messages.ts';
import { readRecords, type SourceItem } from '../src/read/records.ts';
import { readRows } from '../src/read/rows.ts';

setLanguage('en');
const dir = mkdtempSync(join(tmpdir(), 'sync-filetypes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
const run = promisify(execFile);

async function sync(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// A student list as a school's registry office keeps it: Chinese headers, JY/T code values.
const HEADER = [
  '学籍号',
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '民族',
  '学校代码',
  '班级代码',
  '学籍状态',
  '入学年份',
];
const ROWS = [
  [
    'G330102202008311437',
    '李乐恒',
    '1',
    '20200831',
    '330102202008311437',
    '01',
    '2133000001',
    '2133000001202601',
    '01',
    '2026',
  ],
  [
    'G330102201911168409',
    '肖怡静',
    '女',
    '2019-11-16',
    '330102201911168409',
    '汉族',
    '2133000001',
    '2133000001202601',
    '在读',
    '2026',
  ],
];
// Coded fields as codes (性别 1/2, 民族 01, 学籍状态 01), the JY/T 1001 extras not in the file null.
const RECORDS = [
  { registryNumber: 'G330102202008311437', name: '李乐恒', gender: '1', birthDate: '2020-08-31' },
  { registryNumber: 'G330102201911168409', name: '肖怡静', gender: '2', birthDate: '2019-11-16' },
].map((r) => ({
  ...r,
  idNumber: r.registryNumber.slice(1),
  ethnicity: '01',
  schoolCode: '2133000001',
  classCode: '2133000001202601',
  status: '01',
  enrollmentYear: 2026,
  idType: null,
  overseasStatus: null,
  householdType: null,
  leftBehind: null,
  migrantChild: null,
  disability: null,
  health: null,
}));

async function records(path: string, sheet?: string): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of readRecords(path, 'students', sheet ? { sheet } : {})) out.push(item);
  return out;
}

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('填表说明').addRow(['请在“学生”工作表中填写']);
  const sheet = workbook.addWorksheet('学生');
  sheet.addRow(HEADER);
  // Spreadsheet cells as people type them: a real date cell, a number year, rich text.
  sheet.addRow([...ROWS[0]!.slice(0, 3), new Date(Date.UTC(2020, 7, 31)), ...ROWS[0]!.slice(4, 9), 2026]);
  sheet.addRow([
    ROWS[1]![0],
    { richText: [{ text: '肖' }, { text: '怡静', font: { bold: true } }] },
    ...ROWS[1]!.slice(2),
  ]);
  sheet.addRow([]);
  await workbook.xlsx.writeFile(join(dir, 'students.xlsx'));
  writeFileSync(
    join(dir, 'students-gb.csv'),
    iconv.encode([HEADER, ...ROWS].map((r) => r.join(',')).join('\r\n') + '\r\n', 'gb18030'),
  );
});

describe('.xlsx files', () => {
  it('reads a named worksheet with Chinese headers into the same records as the CSV', async () => {
    const got = await records(join(dir, 'students.xlsx'), '学生');
    expect(got.map((i) => [i.line, i.record, i.problems])).toEqual([
      [2, RECORDS[0], []],
      [3, RECORDS[1], []],
    ]);
    const csv = await records(join(dir, 'students-gb.csv'));
    expect(csv.map((i) => i.record)).toEqual(RECORDS);
  });

  it('picks a worksheet by position and names the sheets when the one asked for is missing', async () => {
    expect((await records(join(dir, 'students.xlsx'), '2')).map((i) => i.record)).toEqual(RECORDS);
    await expect(records(join(dir, 'students.xlsx'), '在校生')).rejects.toThrow(
      /no worksheet 在校生 \(it has 填表说明, 学生\)/,
    );
  });

  it('refuses the first worksheet when its header is not a student list, naming the missing columns', async () => {
    await expect(records(join(dir, 'students.xlsx'))).rejects.toThrow(/no column for the required field/);
  });

  it('streams the rows of a sheet with their row numbers', async () => {
    const rows = [];
    for await (const row of readRows(join(dir, 'students.xlsx'), { sheet: '学生' })) rows.push(row);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({ columns: HEADER });
  });
});

describe('the command line', () => {
  it('refuses a file type it cannot read with exit 2, naming the file and the supported types', async () => {
    writeFileSync(join(dir, '学生名单.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    const run = await sync(['import', '学生名单.xls', '--kind', 'students', '--dry-run'], {
      LANG: 'en_US.UTF-8',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /cannot read 学生名单\.xls: unsupported file type "\.xls"\. Supported: \.csv, \.ndjson, \.jsonl, \.xlsx/,
    );
    expect(run.stdout).toBe('');
  });

  it('checks an .xlsx worksheet given by --sheet and a GB18030 file with Chinese headers', async () => {
    const xlsx = await sync([
      'import',
      'students.xlsx',
      '--sheet',
      '学生',
      '-k',
      'students',
      '-n',
      '--lang',
      'en',
    ]);
    expect(xlsx.stdout).toMatch(/checked 2 records .*: valid 2, rejected 0/);
    const csv = await sync([
      'import',
      'students-gb.csv',
      '-k',
      'students',
      '-n',
      '--encoding',
      'gbk',
      '--lang',
      'en',
    ]);
    expect(csv.stdout).toMatch(/checked 2 records .*: valid 2, rejected 0/);
  });

  it('speaks Chinese by default and English with --lang en or an English LANG', async () => {
    const zh = await sync(['import', 'students-gb.csv', '-k', 'students', '-n']);
    expect(zh.stdout).toMatch(/^已检查 2 条记录，用时 [\d.]+ 秒：有效 2，拒绝 0$/m);
    const zhLocale = await sync(['import', 'students-gb.csv', '-k', 'students', '-n'], {
      LANG: 'zh_CN.UTF-8',
    });
    expect(zhLocale.stdout).toMatch(/^已检查 2 条记录/);
    const flag = await sync(['import', 'students-gb.csv', '-k', 'students', '-n', '--lang', 'en']);
    expect(flag.stdout).toMatch(/^checked 2 records/);
    const locale = await sync(['import', 'students-gb.csv', '-k', 'students', '-n'], { LANG: 'en_GB.UTF-8' });
    expect(locale.stdout).toMatch(/^checked 2 records/);
    const missing = await sync(['import', 'absent.csv', '-k', 'students', '-n']);
    expect(missing).toMatchObject({ code: 2, stderr: 'edugraph-sync：找不到文件：absent.csv\n' });
  });
});
