import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { checkRegionCode, checkSchoolCode } from '@edugraph/shared/identifiers';
import { loadSyncEnv } from '../config.ts';
import { exportRecords } from '../export/exportRecords.ts';
import { writeOneRoster } from '../export/oneroster/writeOneRoster.ts';
import { connectHub } from '../hub/connect.ts';
import type { HubClient } from '../hub/hubClient.ts';
import type { RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';
import { addHubOptions, exitCodes, hubAccess, parseKind, UsageError, wholeNumber } from './common.ts';
import { stopSignal } from './signals.ts';

interface ExportFlags {
  kind?: RecordKind;
  region?: string;
  school?: string;
  format: 'ndjson' | 'csv' | 'oneroster';
  columns: 'english' | 'jyt';
  encoding: 'utf8' | 'gb18030';
  bom?: boolean;
  out: string;
  pageSize: number;
  personalData?: boolean;
  retries: number;
  hub?: string;
  [k: string]: unknown;
}

export function registerExport(program: Command): void {
  const command = program
    .command('export')
    .summary("write a region's (or a school's) records to NDJSON, CSV or a OneRoster 1.2 folder")
    .description(
      "Pages through the hub's records of one kind inside a region's subtree (or one school) and writes " +
        'them as NDJSON or CSV, with English or JY/T column names, in the sync format `import` reads. ' +
        'With --format oneroster, writes the whole roster instead (orgs, academicSessions, courses, classes, ' +
        'users, roles, enrollments, demographics and manifest.csv: OneRoster 1.2 CSV, bulk) into the folder -o. ' +
        'ID numbers and birth dates are masked unless --personal-data is given (the client needs that scope).',
    )
    .option(
      '-k, --kind <kind>',
      'regions | schools | classes | teachers | students | assets (not with --format oneroster)',
      parseKind,
    )
    .option(
      '-r, --region <code>',
      'GB/T 2260 code of the region whose subtree to export (default: all you may see)',
    )
    .option('-s, --school <code>', '10-digit school code: only that school')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['ndjson', 'csv', 'oneroster'])
        .default('ndjson'),
    )
    .addOption(new Option('--columns <style>', 'column names').choices(['english', 'jyt']).default('english'))
    .addOption(
      new Option('--encoding <encoding>', 'output encoding').choices(['utf8', 'gb18030']).default('utf8'),
    )
    .option('--bom', 'start the file with a byte order mark (spreadsheet software wants one for UTF-8 CSV)')
    .option('-o, --out <file>', 'output file, - for standard output (oneroster: a folder)', '-')
    .option('--page-size <n>', 'records per request', wholeNumber(1, 1000), 100)
    .option('--personal-data', 'request the personal-data scope: unmasked ID numbers and birth dates')
    .option('--retries <n>', 'retries of a failing request', wholeNumber(0, 100), 6);
  addHubOptions(command);
  command.addHelpText(
    'after',
    `
Examples:
  edugraph-sync export --kind students --region 330102 --format csv --columns jyt --encoding gb18030 -o 上城区学生.csv
  edugraph-sync export --kind schools --region 330000 > schools.ndjson
  edugraph-sync export --format oneroster --school 2133000001 -o oneroster-2133000001`,
  );
  command.action(async (flags: ExportFlags) => {
    process.exitCode = await runExportCommand(flags);
  });
}

async function runExportCommand(flags: ExportFlags): Promise<number> {
  if (flags.region) {
    const r = checkRegionCode(flags.region);
    if (!r.ok) throw new UsageError(`--region ${flags.region}: ${r.reason}`);
  }
  if (flags.school) {
    const s = checkSchoolCode(flags.school);
    if (!s.ok) throw new UsageError(`--school ${flags.school}: ${s.reason}`);
  }
  if (flags.format === 'oneroster' && flags.out === '-') throw new UsageError(t().oneRosterNeedsFolder);
  if (flags.format !== 'oneroster' && !flags.kind) throw new UsageError(t().kindRequired);
  const scopes = ['datacenter:read', ...(flags.personalData ? ['personal-data'] : [])];
  const client = await connectHub(hubAccess(flags, loadSyncEnv(), undefined, flags.hub), scopes, {
    retries: flags.retries,
    onRetry: (err, attempt, left) => process.stderr.write(t().retrying(err.message, attempt, left) + '\n'),
  });
  if (flags.format === 'oneroster') return runOneRosterExport(client, flags);
  const kind = flags.kind!;
  const toStdout = flags.out === '-';
  const out = toStdout ? process.stdout : createWriteStream(flags.out);
  const stop = stopSignal((m) => process.stderr.write(m + '\n'));
  try {
    const summary = await exportRecords({
      client,
      kind,
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.school ? { school: flags.school } : {}),
      format: flags.format,
      columns: flags.columns,
      encoding: flags.encoding,
      bom: !!flags.bom,
      pageSize: flags.pageSize,
      out,
      signal: stop.signal,
    });
    if (!toStdout) {
      out.end();
      await finished(out);
    }
    process.stderr.write(
      t().exported(
        summary.interrupted,
        summary.records,
        kind,
        summary.seconds.toFixed(1),
        toStdout ? undefined : flags.out,
      ) + '\n',
    );
    return summary.interrupted ? exitCodes.INTERRUPTED : exitCodes.OK;
  } finally {
    stop.dispose();
  }
}

async function runOneRosterExport(client: HubClient, flags: ExportFlags): Promise<number> {
  const stop = stopSignal((m) => process.stderr.write(m + '\n'));
  try {
    const summary = await writeOneRoster(
      {
        client,
        ...(flags.region ? { region: flags.region } : {}),
        ...(flags.school ? { school: flags.school } : {}),
        pageSize: flags.pageSize,
        today: new Date(),
        signal: stop.signal,
      },
      flags.out,
    );
    const counts = Object.entries(summary.counts)
      .map(([file, n]) => `${file} ${n}`)
      .join(', ');
    process.stderr.write(t().onerosterWritten(flags.out, counts, summary.seconds.toFixed(1)) + '\n');
    return summary.interrupted ? exitCodes.INTERRUPTED : exitCodes.OK;
  } finally {
    stop.dispose();
  }
}
