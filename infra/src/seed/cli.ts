import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { dataRoot } from '../paths.ts';
import { generateProvince } from './generate.ts';
import { writeSeedFiles, type SeedFileEncoding, type SeedFileFormat } from './writeFiles.ts';
import type { ColumnStyle } from '@edugraph/shared/records';

const usage = `Usage: npm run seed:generate -w @edugraph/infra -- [options]
  --students N        number of students (default 3000); schools, classes and teachers scale with it
  --seed S            random seed (default 20260101); the same seed and size give identical files
  --out DIR           output folder (default <repo>/data/seed, git-ignored)
  --format F          ndjson | csv | xlsx (default ndjson; xlsx ignores --encoding and --bom)
  --columns C         english | jyt (JY/T 1001–1007 pinyin codes such as XM, XBM, SFZJH) | chinese
                      (the standard's Chinese labels such as 姓名, 性别, 身份证件号); default english
  --encoding E        utf8 | gb18030 (default utf8)
  --bom               start each file with a byte order mark
  --school-year Y     school year the data describes (default 2026)`;

function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function wholeNumber(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--${name} must be a whole number of at least 1, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '20260101' },
      out: { type: 'string', default: join(dataRoot, 'seed') },
      format: { type: 'string', default: 'ndjson' },
      columns: { type: 'string', default: 'english' },
      encoding: { type: 'string', default: 'utf8' },
      bom: { type: 'boolean', default: false },
      'school-year': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const options = {
    out: resolve(values.out),
    format: choice<SeedFileFormat>('format', values.format, ['ndjson', 'csv', 'xlsx']),
    columns: choice<ColumnStyle>('columns', values.columns, ['english', 'jyt', 'chinese']),
    encoding: choice<SeedFileEncoding>('encoding', values.encoding.toLowerCase().replace('-', ''), [
      'utf8',
      'gb18030',
    ]),
    bom: values.bom,
  };
  const students = wholeNumber('students', values.students);
  const schoolYear =
    values['school-year'] === undefined ? undefined : wholeNumber('school-year', values['school-year']);
  const started = performance.now();
  const province = generateProvince({ seed: values.seed, students, ...(schoolYear ? { schoolYear } : {}) });
  const files = await writeSeedFiles(province, options);
  const seconds = (performance.now() - started) / 1000;
  const total = files.reduce((n, f) => n + f.records, 0);
  const counts = Object.fromEntries(files.map((f) => [f.kind, f.records]));
  await writeFile(
    join(options.out, 'manifest.json'),
    JSON.stringify(
      {
        province: province.province.code,
        seed: values.seed,
        students,
        schoolYear: province.schoolYear,
        ...options,
        out: undefined,
        counts,
      },
      null,
      2,
    ) + '\n',
  );
  for (const f of files) console.log(`${String(f.records).padStart(9)}  ${f.path}`);
  console.log(`${total} records in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} records/s)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exitCode = 1;
});
