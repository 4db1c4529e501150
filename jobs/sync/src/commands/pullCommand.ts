import type { Command } from 'commander';
import { loadSyncEnv } from '../config.ts';
import { connectHub } from '../hub/connect.ts';
import type { RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';
import { totalsText } from '../progress.ts';
import { pullChanges } from '../pull/pullChanges.ts';
import { addHubOptions, exitCodes, hubAccess, parseKinds, wholeNumber } from './common.ts';
import { stopSignal } from './signals.ts';

interface PullFlags {
  from?: string;
  to?: string;
  kinds?: RecordKind[];
  follow?: boolean;
  interval: number;
  pageSize: number;
  checkpoint: string;
  restart?: boolean;
  report: string;
  retries: number;
  fromScope: string;
  toScope: string;
  quiet?: boolean;
  [k: string]: unknown;
}

const scopeList = (value: string) => value.split(/[\s,]+/).filter(Boolean);

export function registerPull(program: Command): void {
  const command = program
    .command('pull')
    .summary("replicate one hub's changes into another (province → nation)")
    .description(
      'Follows the change feed of the hub given by --from and applies every change to the hub given by --to: ' +
        'upserts as upserts, tombstones as deletes, in feed order. The feed cursor is kept in the checkpoint ' +
        'after each page, so a stopped pull resumes where it stopped. The --from client needs the scopes ' +
        'datacenter:read and personal-data (masked values are never copied); the --to client datacenter:write.',
    )
    .option('--from <url>', 'GraphQL URL of the hub to read from [EDUGRAPH_SOURCE_HUB_URL]')
    .option('--to <url>', 'GraphQL URL of the hub to write to [EDUGRAPH_HUB_URL]')
    .option('-k, --kinds <list>', 'only these kinds, comma-separated (default: all)', parseKinds)
    .option('-f, --follow', 'keep polling for new changes once caught up (stop with Ctrl-C)')
    .option('--interval <seconds>', 'polling interval with --follow', wholeNumber(1, 86_400), 10)
    .option('--page-size <n>', 'changes read per request (1–1000)', wholeNumber(1, 1000), 500)
    .option('--checkpoint <file>', 'checkpoint file (holds the feed cursor)', 'pull.checkpoint.json')
    .option('--restart', 'ignore the checkpoint and replicate from the beginning of the feed')
    .option('--report <file>', 'error report CSV of changes the target rejected', 'pull.errors.csv')
    .option(
      '--retries <n>',
      'retries of a failing request (network, 5xx, rate limits)',
      wholeNumber(0, 100),
      6,
    )
    .option('--from-scope <scopes>', 'scopes requested from the source', 'datacenter:read personal-data')
    // Tombstones of students are deleted by registry number, a personal identifier.
    .option('--to-scope <scopes>', 'scopes requested from the target', 'datacenter:write personal-data')
    .option('-q, --quiet', 'no line per page');
  addHubOptions(command, 'from');
  addHubOptions(command, 'to');
  command.addHelpText(
    'after',
    `
Examples:
  # province → nation, once (credentials of the province in EDUGRAPH_SOURCE_*, of the nation in EDUGRAPH_*)
  edugraph-sync pull --from https://zj.hub.example/graphql --to https://hub.example/graphql
  # keep following, only schools and students, every 30 s
  edugraph-sync pull --from … --to … --kinds schools,students --follow --interval 30

Exit status: 0 every change applied, 1 the target rejected some (see the report), 2 bad usage,
3 a hub refused or stayed unreachable, 130 interrupted (run the same command again to resume).`,
  );
  command.action(async (flags: PullFlags) => {
    process.exitCode = await runPullCommand(flags);
  });
}

async function runPullCommand(flags: PullFlags): Promise<number> {
  const env = loadSyncEnv();
  const log = (m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`);
  const fromAccess = hubAccess(flags, env, 'from', flags.from);
  const toAccess = hubAccess(flags, env, 'to', flags.to);
  const onRetry = (err: Error, attempt: number, left: number) =>
    log(t().retrying(err.message, attempt, left));
  const source = await connectHub(fromAccess, scopeList(flags.fromScope), {
    retries: flags.retries,
    onRetry,
    side: 'from',
  });
  const target = await connectHub(toAccess, scopeList(flags.toScope), {
    retries: flags.retries,
    onRetry,
    side: 'to',
  });
  const stop = stopSignal(log);
  try {
    const summary = await pullChanges({
      source,
      target,
      ...(flags.kinds ? { kinds: flags.kinds } : {}),
      pageSize: flags.pageSize,
      checkpointPath: flags.checkpoint,
      restart: !!flags.restart,
      reportPath: flags.report,
      follow: !!flags.follow,
      intervalMs: flags.interval * 1000,
      signal: stop.signal,
      ...(flags.quiet ? {} : { log }),
    });
    console.log(
      t().pulled(
        summary.interrupted,
        summary.changes,
        summary.seconds.toFixed(1),
        totalsText(summary.totals),
        summary.cursor ?? '(start)',
      ),
    );
    if (summary.reportRows) console.log(t().reportAt(summary.reportPath));
    // Stopping a --follow pull is how it ends; stopping a one-off pull leaves work undone.
    if (summary.interrupted && !flags.follow) return exitCodes.INTERRUPTED;
    return summary.totals.rejected ? exitCodes.REJECTED : exitCodes.OK;
  } finally {
    stop.dispose();
  }
}
