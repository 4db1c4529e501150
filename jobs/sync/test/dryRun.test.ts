import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles } from '../src/import/importFiles.ts';
import { setLanguage } from '../src/messages.ts';

setLanguage('en');

const dir = mkdtempSync(join(tmpdir(), 'sync-dryrun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(import.meta.dirname, '..', 'src', 'cli.ts');
const run = promisify(execFile);

async function sync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const header = 'XJH,XM,XBM,CSRQ,SFZJH,MZM,XXDM,BJDM,XJZTM,RXNF';
const good =
  'G330102202008311437,李乐恒,1,20200831,330102202008311437,01,2133000001,2133000001202601,ENROLLED,2026';
const badId =
  'G330102201911168408,肖怡静,2,20191116,330102201911168408,01,2133000001,2133000001202601,ENROLLED,2026';
const badGender =
  'G330102202007163401,杨晨彤,男女,20200716,330102202007163401,01,2133000001,2133000001202601,ENROLLED,2026';

describe('import --dry-run', () => {
  it('checks every row, writes the error report in file order and sends nothing', async () => {
    const path = join(dir, 'students.csv');
    writeFileSync(path, [header, good, badId, good, badGender].join('\n'));
    const summary = await importFiles({
      files: [path],
      kind: 'students',
      batchSize: 2,
      checkpointPath: join(dir, 'never.json'),
      reportPath: join(dir, 'report.csv'),
    });
    expect(summary).toMatchObject({
      records: 4,
      valid: 2,
      totals: { rejected: 2, created: 0 },
      reportRows: 3,
    });
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
    const report = readFileSync(join(dir, 'report.csv'), 'utf8').trim().split('\n').slice(1);
    expect(report).toEqual([
      'students.csv,3,G330102201911168408,idNumber,"check character is 8, expected 9"',
      'students.csv,3,G330102201911168408,registryNumber,"the ID number in a G registry number is invalid: check character is 8, expected 9"',
      'students.csv,5,G330102202007163401,gender,"""男女"" is not a code or name of 性别 (XBM): 0 未知的性别, 1 男性, 2 女性, 9 未说明的性别"',
    ]);
  });

  it('exits 1 with a summary when rows are rejected, 0 when all are valid', async () => {
    writeFileSync(join(dir, 'mixed.csv'), [header, good, badId].join('\n'));
    writeFileSync(join(dir, 'clean.csv'), [header, good].join('\n'));
    const mixed = await sync([
      'import',
      'mixed.csv',
      '--kind',
      'students',
      '--dry-run',
      '--progress',
      'none',
    ]);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/checked 2 records .*valid 1, rejected 1/);
    expect(mixed.stdout).toContain('error report: mixed.csv.errors.csv');
    const clean = await sync(['import', 'clean.csv', '--kind', 'students', '-n', '--progress', 'none']);
    expect(clean).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, 'clean.csv.errors.csv'))).toBe(false);
  });

  it('exits 2 with a message an operator can act on for bad usage', async () => {
    expect((await sync(['import', 'absent.csv', '--kind', 'students', '-n'])).stderr).toMatch(
      /no such file: absent\.csv/,
    );
    const kind = await sync(['import', 'clean.csv', '--kind', 'pupils', '-n']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/expected one of regions, schools, classes, teachers, students, assets/);
    const noHub = await sync(['import', 'clean.csv', '--kind', 'students']);
    expect(noHub.code).toBe(2);
    expect(noHub.stderr).toMatch(/no hub: pass --hub <url> \(or set EDUGRAPH_HUB_URL\)/);
  });

  it('explains itself in --help with examples and the environment variables', async () => {
    const top = await sync(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/import .*\n.*pull .*\n.*export/s);
    expect(top.stdout).toContain('EDUGRAPH_CLIENT_SECRET');
    const help = await sync(['import', '--help']);
    expect(help.stdout).toContain('--dry-run');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('130 interrupted');
  });
});
