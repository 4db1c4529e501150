import { setTimeout as sleep } from 'node:timers/promises';
import {
  addTotals,
  emptyTotals,
  readJsonIfExists,
  writeJsonAtomically,
  type PullCheckpoint,
  type Totals,
} from '../checkpoint.ts';
import { ErrorReport } from '../errorReport.ts';
import { changesDocument, type ChangeFeed } from '../hub/documents.ts';
import type { HubClient } from '../hub/hubClient.ts';
import { CheckpointMismatch } from '../import/importState.ts';
import { kindSpecs, type RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';
import { totalsText } from '../progress.ts';
import { applyPage, PULL_REPORT_COLUMNS } from './applyChanges.ts';

/**
 * `pull`: reads the source hub's change feed page by page from the checkpoint's cursor and
 * applies each page to the target hub, then moves the cursor on (atomically, after the page
 * is applied: a killed pull re-applies at most one page, and upserts and deletes are
 * idempotent). With `follow`, it keeps polling once caught up.
 */
export interface PullOptions {
  source: HubClient;
  target: HubClient;
  kinds?: readonly RecordKind[];
  pageSize?: number;
  checkpointPath?: string;
  restart?: boolean;
  reportPath: string;
  follow?: boolean;
  intervalMs?: number;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface PullSummary {
  /** This run's counts. */
  totals: Totals;
  /** Counts since the checkpoint was started. */
  allTotals: Totals;
  changes: number;
  pages: number;
  cursor: string | null;
  interrupted: boolean;
  reportPath: string;
  reportRows: number;
  seconds: number;
}

function openCheckpoint(
  options: PullOptions,
  kinds: string[],
): { checkpoint: PullCheckpoint; resumed: boolean } {
  const fresh: PullCheckpoint = {
    version: 1,
    command: 'pull',
    from: options.source.url,
    to: options.target.url,
    kinds,
    cursor: null,
    totals: emptyTotals(),
    changesApplied: 0,
    reportBytes: 0,
    updatedAt: new Date().toISOString(),
  };
  const saved =
    options.checkpointPath && !options.restart
      ? readJsonIfExists<PullCheckpoint>(options.checkpointPath)
      : undefined;
  if (!saved) return { checkpoint: fresh, resumed: false };
  const problem =
    saved.command !== 'pull'
      ? 'it is not a pull checkpoint'
      : saved.from !== fresh.from || saved.to !== fresh.to
        ? `it is for ${saved.from} → ${saved.to}`
        : saved.kinds.join(',') !== kinds.join(',')
          ? `it is for the kinds ${saved.kinds.join(', ') || '(all)'}`
          : undefined;
  if (problem)
    throw new CheckpointMismatch(
      `the checkpoint ${options.checkpointPath} does not belong to this pull (${problem}); ` +
        'pass --restart to replicate from the beginning, or --checkpoint <other file>',
    );
  return { checkpoint: saved, resumed: true };
}

export async function pullChanges(options: PullOptions): Promise<PullSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const feedKinds = (options.kinds ?? []).map((k) => kindSpecs[k].feedKind);
  const pageSize = Math.min(Math.max(options.pageSize ?? 500, 1), 1000);
  const { checkpoint, resumed } = openCheckpoint(options, feedKinds);
  const report = new ErrorReport(
    options.reportPath,
    resumed ? checkpoint.reportBytes : undefined,
    PULL_REPORT_COLUMNS,
  );
  const save = () => {
    if (!options.checkpointPath) return;
    checkpoint.updatedAt = new Date().toISOString();
    writeJsonAtomically(options.checkpointPath, checkpoint);
  };
  const totals = emptyTotals();
  let pages = 0;
  let changes = 0;
  let caughtUpLogged = false;
  try {
    while (!options.signal?.aborted) {
      const data = await options.source.request<{ changes: ChangeFeed }>(changesDocument, {
        after: checkpoint.cursor,
        first: pageSize,
        ...(feedKinds.length ? { kinds: feedKinds } : {}),
      });
      const feed = data.changes;
      if (feed.changes.length) {
        const applied = await applyPage(options.target, feed.changes);
        report.appendCells(applied.rows);
        addTotals(checkpoint.totals, applied.totals);
        addTotals(totals, applied.totals);
        checkpoint.changesApplied += feed.changes.length;
        checkpoint.cursor = feed.endCursor ?? feed.changes.at(-1)!.cursor;
        checkpoint.reportBytes = report.size;
        save();
        pages++;
        changes += feed.changes.length;
        caughtUpLogged = false;
        log(t().pageApplied(feed.changes.length, checkpoint.changesApplied, totalsText(applied.totals)));
      }
      if (feed.hasMore) continue;
      if (!options.follow) break;
      if (!caughtUpLogged)
        log(t().caughtUp(checkpoint.cursor ?? '(start)', (options.intervalMs ?? 10_000) / 1000));
      caughtUpLogged = true;
      try {
        await sleep(
          options.intervalMs ?? 10_000,
          undefined,
          options.signal ? { signal: options.signal } : {},
        );
      } catch {
        break;
      }
    }
  } finally {
    save();
    report.close();
  }
  return {
    totals,
    allTotals: checkpoint.totals,
    changes,
    pages,
    cursor: checkpoint.cursor,
    interrupted: !!options.signal?.aborted,
    reportPath: options.reportPath,
    reportRows: report.rowsWritten,
    seconds: (Date.now() - started) / 1000,
  };
}
