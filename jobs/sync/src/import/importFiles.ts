import { basename } from 'node:path';
import pLimit from 'p-limit';
import {
  addTotals,
  ContiguousBatches,
  emptyTotals,
  type ImportFileState,
  type Totals,
} from '../checkpoint.ts';
import { ErrorReport, type ReportRow } from '../errorReport.ts';
import type { HubClient } from '../hub/hubClient.ts';
import { upsertBatch } from '../hub/upsertBatch.ts';
import { kindSpecs, type RecordKind } from '../kinds.ts';
import { createProgress, type Progress } from '../progress.ts';
import { readRecords, type RecordReadOptions, type SourceItem } from '../read/records.ts';
import { hubCodes } from '../records/codeSets.ts';
import { openImportState } from './importState.ts';

/**
 * `import`: streams the files' records in batches to the hub's upserts, several batches at a
 * time, and checkpoints after every batch that completes the done prefix of the file. Memory
 * holds at most `2 × concurrency` batches, whatever the file's size.
 */
export const MAX_BATCH = 1000;

export interface ImportOptions {
  files: readonly string[];
  kind: RecordKind;
  /** The hub; absent for a dry run (validate only). */
  client?: HubClient;
  batchSize?: number;
  concurrency?: number;
  /** Checkpoint file; absent: none (always for dry runs). */
  checkpointPath?: string;
  restart?: boolean;
  reportPath: string;
  read?: RecordReadOptions;
  progress?: Progress;
  signal?: AbortSignal;
}

export interface ImportSummary {
  totals: Totals;
  /** Dry run: records that passed validation. */
  valid: number;
  records: number;
  resumed: boolean;
  interrupted: boolean;
  reportPath: string;
  reportRows: number;
  seconds: number;
}

interface FinishedBatch {
  items: number;
  /** File offset where the batch's last row ends. */
  end: number;
  rows: ReportRow[];
  totals: Totals;
  valid: number;
}

export async function importFiles(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const batchSize = Math.min(Math.max(options.batchSize ?? MAX_BATCH, 1), MAX_BATCH);
  const concurrency = kindSpecs[options.kind].ordered ? 1 : Math.max(options.concurrency ?? 2, 1);
  const progress = options.progress ?? createProgress(process.stderr, { quiet: true });
  // Connected, coded fields are checked against the hub's code sets (read once per run).
  const read = options.client ? { ...options.read, codes: await hubCodes(options.client) } : options.read;
  const state = openImportState(
    options.client ? options.checkpointPath : undefined,
    options.files,
    options.kind,
    options.restart ?? false,
  );
  const { checkpoint } = state;
  const report = new ErrorReport(options.reportPath, state.resumed ? checkpoint.reportBytes : undefined);
  let valid = 0;
  let interrupted = false;
  try {
    for (const file of checkpoint.files) {
      if (file.done) continue;
      const result = await importFile(
        file,
        { ...options, read, batchSize, concurrency, progress },
        (batch) => {
          report.append(batch.rows);
          addTotals(checkpoint.totals, batch.totals);
          valid += batch.valid;
          file.itemsDone += batch.items;
          checkpoint.reportBytes = report.size;
          state.save();
        },
      );
      if (result === 'interrupted') {
        interrupted = true;
        break;
      }
      file.done = true;
      state.save();
    }
    if (!interrupted) state.finish();
  } finally {
    report.close();
    progress.stop();
  }
  return {
    totals: checkpoint.totals,
    valid,
    records: checkpoint.files.reduce((n, f) => n + f.itemsDone, 0),
    resumed: state.resumed,
    interrupted,
    reportPath: options.reportPath,
    reportRows: report.rowsWritten,
    seconds: (Date.now() - started) / 1000,
  };
}

type FileOptions = ImportOptions & { batchSize: number; concurrency: number; progress: Progress };

async function importFile(
  file: ImportFileState,
  options: FileOptions,
  onDone: (batch: FinishedBatch) => void,
): Promise<'done' | 'interrupted'> {
  const { progress, concurrency } = options;
  const name = basename(file.path);
  const limit = pLimit(concurrency);
  const order = new ContiguousBatches<FinishedBatch>();
  const inflight = new Set<Promise<void>>();
  let fatal: unknown;
  // Progress counts the bytes of the rows whose batches are done, not the bytes read ahead.
  let bytesDone = 0;
  let nextBatch = 0;
  let done = file.itemsDone;
  const totals = emptyTotals();

  const schedule = (items: SourceItem[]) => {
    const index = nextBatch++;
    const task = limit(() => runBatch(items, file.path, options))
      .then((finished) => {
        for (const batch of order.finish(index, finished)) {
          onDone(batch);
          done += batch.items;
          bytesDone = batch.end;
          addTotals(totals, batch.totals);
        }
        progress.update(bytesDone, done, totals);
      })
      .catch((err: unknown) => {
        fatal ??= err;
      });
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
  };

  progress.start(name, file.size, file.itemsDone);
  let skip = file.itemsDone;
  let batch: SourceItem[] = [];
  const records = readRecords(file.path, options.kind, options.read);
  for await (const item of records) {
    if (skip > 0) {
      // Resuming: the rate and ETA count from where this run starts.
      if (--skip === 0) progress.from((bytesDone = item.end));
      continue;
    }
    batch.push(item);
    if (batch.length >= options.batchSize) {
      schedule(batch);
      batch = [];
      while (inflight.size >= concurrency * 2) await Promise.race(inflight);
    }
    if (fatal !== undefined || options.signal?.aborted) break;
  }
  const interrupted = fatal === undefined && !!options.signal?.aborted;
  if (fatal === undefined && !interrupted && batch.length) schedule(batch);
  while (inflight.size) await Promise.all(inflight);
  progress.update(bytesDone, done, totals);
  if (fatal !== undefined) throw fatal;
  return interrupted ? 'interrupted' : 'done';
}

async function runBatch(items: SourceItem[], path: string, options: FileOptions): Promise<FinishedBatch> {
  const file = basename(path);
  const rows: ReportRow[] = [];
  const totals = emptyTotals();
  const toSend: SourceItem[] = [];
  for (const item of items) {
    if (item.record) {
      toSend.push(item);
      continue;
    }
    totals.rejected++;
    for (const p of item.problems) rows.push({ file, line: item.line, key: item.key, ...p });
  }
  const end = items.at(-1)?.end ?? 0;
  if (!options.client || !toSend.length)
    return { items: items.length, end, rows, totals, valid: toSend.length };

  const outcome = await upsertBatch(
    options.client,
    options.kind,
    toSend.map((i) => i.record!),
  );
  addTotals(totals, outcome.totals);
  for (const p of outcome.problems) {
    const item = toSend[p.index];
    rows.push({ file, line: item?.line ?? 0, key: item?.key ?? null, field: p.field, reason: p.reason });
  }
  // Report rows in file order: local problems and the hub's interleave by line.
  rows.sort((a, b) => a.line - b.line);
  return { items: items.length, end, rows, totals, valid: toSend.length };
}
