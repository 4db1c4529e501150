import { existsSync, readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadSyncEnv } from '../config.ts';
import { connectHub } from '../hub/connect.ts';
import { importFiles, MAX_BATCH, type ImportSummary } from '../import/importFiles.ts';
import type { RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';
import { createProgress, totalsText } from '../progress.ts';
import { FILE_FORMATS, formatOf, type FileFormat } from '../read/fileFormat.ts';
import type { ColumnMapping } from '../records/columns.ts';
import { addHubOptions, exitCodes, hubAccess, parseKind, UsageError, wholeNumber } from './common.ts';
import { stopSignal } from './signals.ts';

interface ImportFlags {
  kind: RecordKind;
  mapping?: string;
  encoding: 'auto' | 'utf8' | 'gb18030' | 'gbk';
  format?: FileFormat;
  sheet?: string;
  delimiter: string;
  dryRun?: boolean;
  batchSize: number;
  concurrency: number;
  checkpoint: string | false;
  restart?: boolean;
  report?: string;
  retries: number;
  progress: 'auto' | 'bar' | 'lines' | 'none';
  hub?: string;
  [k: string]: unknown;
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .summary('import CSV, Excel (.xlsx) or NDJSON files of one kind of record into a hub')
    .description(
      'Reads CSV (UTF-8 or GB18030/GBK, with or without BOM), Excel .xlsx (streamed, first worksheet or ' +
        '--sheet) or NDJSON files whose columns are the English field names (registryNumber, name…), the ' +
        'JY/T 1001–1007 codes (XJH, XM, XBM, CSRQ, SFZJH, XXDM…) or their Chinese labels (学籍号, 姓名, 性别…), ' +
        'checks every record, and upserts them into the hub in batches. Re-running the same import changes ' +
        'nothing; a stopped run resumes from its checkpoint. Rejected records go to the error report.',
    )
    .argument('<file...>', 'files to import, in order (.csv, .xlsx, or .ndjson/.jsonl)')
    .requiredOption(
      '-k, --kind <kind>',
      'regions | schools | classes | teachers | students | assets',
      parseKind,
    )
    .option('-m, --mapping <file.json>', 'extra column names: {"学籍号": "registryNumber", "姓名": "XM"}')
    .addOption(
      new Option('--encoding <encoding>', 'file encoding')
        .choices(['auto', 'utf8', 'gb18030', 'gbk'])
        .default('auto'),
    )
    .addOption(
      new Option('--format <format>', 'file format (default: by extension)').choices([...FILE_FORMATS]),
    )
    .option('--sheet <name|n>', 'worksheet of an .xlsx file: its name or position (default: the first)')
    .option('--delimiter <char>', 'CSV cell delimiter', ',')
    .option('-n, --dry-run', 'only check the files: nothing is sent (no credentials needed)')
    .option('--batch-size <n>', `records per request (1–${MAX_BATCH})`, wholeNumber(1, MAX_BATCH), MAX_BATCH)
    .option(
      '-c, --concurrency <n>',
      'requests in flight at once (the hub writes one batch of a kind at a time: 2 keeps it busy)',
      wholeNumber(1, 64),
      2,
    )
    .option('--checkpoint <file>', 'checkpoint file (default: <first file>.checkpoint.json)')
    .option('--no-checkpoint', 'do not keep a checkpoint')
    .option('--restart', 'ignore an existing checkpoint and start from the first row')
    .option('--report <file>', 'error report CSV (default: <first file>.errors.csv)')
    .option(
      '--retries <n>',
      'retries of a failing request (network, 5xx, rate limits)',
      wholeNumber(0, 100),
      6,
    )
    .addOption(
      new Option('--progress <mode>', 'progress display')
        .choices(['auto', 'bar', 'lines', 'none'])
        .default('auto'),
    );
  addHubOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  edugraph-sync import students.csv --kind students --dry-run
  EDUGRAPH_CLIENT_SECRET=… edugraph-sync import --kind students --hub https://hub.example/graphql \\
      --token-url https://id.example/token --client-id sync-zj students-*.csv
  edugraph-sync import 学校名单.csv --kind schools --mapping columns.json --encoding gb18030
  edugraph-sync import 学生名单.xlsx --kind students --sheet 在校生

Exit status: 0 all imported, 1 some records rejected (see the report), 2 bad usage or file,
3 the hub refused or stayed unreachable, 130 interrupted (run the same command again to resume).`,
  );
  command.action(async (files: string[], flags: ImportFlags) => {
    process.exitCode = await runImportCommand(files, flags);
  });
}

function readMapping(path: string | undefined): ColumnMapping | undefined {
  if (!path) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(t().mappingUnreadable(path, (err as Error).message));
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  )
    throw new UsageError(t().mappingShape(path));
  return parsed as ColumnMapping;
}

async function runImportCommand(files: string[], flags: ImportFlags): Promise<number> {
  for (const f of files) {
    if (!existsSync(f)) throw new UsageError(t().noSuchFile(f));
    formatOf(f, flags.format); // an unknown type is refused before anything is sent
  }
  const first = files[0]!;
  const progress = createProgress(process.stderr, {
    quiet: flags.progress === 'none',
    forceLines: flags.progress === 'lines',
  });
  const mapping = readMapping(flags.mapping);
  const client = flags.dryRun
    ? undefined
    : await connectHub(hubAccess(flags, loadSyncEnv(), undefined, flags.hub), ['datacenter:write'], {
        retries: flags.retries,
        onRetry: (err, attempt, left) => progress.log(t().retrying(err.message, attempt, left)),
      });
  const stop = stopSignal(progress.log);
  try {
    const summary = await importFiles({
      files,
      kind: flags.kind,
      ...(client ? { client } : {}),
      batchSize: flags.batchSize,
      concurrency: flags.concurrency,
      ...(flags.checkpoint !== false
        ? { checkpointPath: flags.checkpoint ?? `${first}.checkpoint.json` }
        : {}),
      restart: !!flags.restart,
      reportPath: flags.report ?? `${first}.errors.csv`,
      read: {
        encoding: flags.encoding,
        delimiter: flags.delimiter,
        ...(flags.format ? { format: flags.format } : {}),
        ...(flags.sheet ? { sheet: flags.sheet } : {}),
        ...(mapping ? { mapping } : {}),
        onIgnoredColumns: (cols) => progress.log(t().ignoredColumns(cols)),
      },
      progress,
      signal: stop.signal,
    });
    printSummary(summary, !!flags.dryRun);
    if (summary.interrupted) return exitCodes.INTERRUPTED;
    return summary.totals.rejected > 0 ? exitCodes.REJECTED : exitCodes.OK;
  } finally {
    stop.dispose();
  }
}

function printSummary(s: ImportSummary, dryRun: boolean): void {
  const head = s.interrupted ? 'interrupted' : dryRun ? 'checked' : 'imported';
  const counts = dryRun ? t().dryRunCounts(s.valid, s.totals.rejected) : totalsText(s.totals);
  console.log(t().summary(head, s.records, s.seconds.toFixed(1), s.resumed) + counts);
  if (s.totals.rejected > 0 || s.reportRows > 0) console.log(t().reportAt(s.reportPath));
  if (s.interrupted) console.log(t().checkpointSaved);
}
