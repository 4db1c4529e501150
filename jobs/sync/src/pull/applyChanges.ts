import { addTotals, emptyTotals, type Totals } from '../checkpoint.ts';
import type { Change } from '../hub/documents.ts';
import type { HubClient } from '../hub/hubClient.ts';
import { deleteBatch, upsertBatch, type BatchOutcome } from '../hub/upsertBatch.ts';
import { kindByFeedKind, type KindSpec } from '../kinds.ts';

/**
 * Applies one page of a hub's change feed to another hub, in feed order: consecutive changes
 * of the same kind and operation go as one upsert (or deleteRecords) call, the last version of
 * a key winning within it. Runs are applied one after the other, so a delete never overtakes
 * the upsert before it, and a school arrives before the classes the feed lists after it.
 */
export const PULL_REPORT_COLUMNS = ['cursor', 'kind', 'key', 'op', 'field', 'reason'] as const;

export class MaskedDataError extends Error {}

export interface AppliedPage {
  totals: Totals;
  /** Report cells, PULL_REPORT_COLUMNS. */
  rows: unknown[][];
}

interface Run {
  kind: string;
  op: Change['op'];
  changes: Change[];
}

export function runsOf(changes: readonly Change[]): Run[] {
  const runs: Run[] = [];
  for (const change of changes) {
    const last = runs.at(-1);
    if (last && last.kind === change.kind && last.op === change.op) last.changes.push(change);
    else runs.push({ kind: change.kind, op: change.op, changes: [change] });
  }
  for (const run of runs) {
    const lastOfKey = new Map(run.changes.map((c) => [c.key, c]));
    run.changes = run.changes.filter((c) => lastOfKey.get(c.key) === c);
  }
  return runs;
}

const MASKABLE = ['idNumber', 'birthDate', 'registryNumber'];

function maskedError(spec: KindSpec, change: Change, field: string): MaskedDataError {
  return new MaskedDataError(
    `the source hub sent ${spec.kind} ${change.key} with a masked ${field}: the --from client needs ` +
      'the personal-data scope, or the target would receive masked values',
  );
}

/** The change's record reduced to the input fields of its kind. */
export function inputOf(spec: KindSpec, change: Change): Record<string, unknown> {
  const record = change.record ?? {};
  for (const field of MASKABLE) {
    const value = record[field];
    if (typeof value === 'string' && value.includes('*')) throw maskedError(spec, change, field);
  }
  const input: Record<string, unknown> = {};
  for (const f of spec.fields) input[f.name] = record[f.name] ?? null;
  return input;
}

export async function applyPage(target: HubClient, changes: readonly Change[]): Promise<AppliedPage> {
  const totals = emptyTotals();
  const rows: unknown[][] = [];
  for (const run of runsOf(changes)) {
    const spec = kindByFeedKind(run.kind);
    if (!spec) {
      for (const c of run.changes) rows.push([c.cursor, c.kind, c.key, c.op, '', 'unknown kind']);
      totals.rejected += run.changes.length;
      continue;
    }
    let outcome: BatchOutcome;
    if (run.op === 'DELETE') {
      for (const c of run.changes) if (c.key.includes('*')) throw maskedError(spec, c, 'key');
      outcome = await deleteBatch(
        target,
        spec.feedKind,
        run.changes.map((c) => c.key),
      );
      // Deleting what the target never had (or already lost) leaves it as the source: absent.
      const absent = outcome.problems.filter((p) => p.code === 'UNKNOWN_REFERENCE');
      outcome.totals.rejected -= absent.length;
      outcome.totals.unchanged += absent.length;
      outcome.problems = outcome.problems.filter((p) => p.code !== 'UNKNOWN_REFERENCE');
    } else {
      const missing = run.changes.filter((c) => !c.record);
      for (const c of missing) rows.push([c.cursor, c.kind, c.key, c.op, '', 'the feed carried no record']);
      totals.rejected += missing.length;
      run.changes = run.changes.filter((c) => c.record);
      if (!run.changes.length) continue;
      outcome = await upsertBatch(
        target,
        spec.kind,
        run.changes.map((c) => inputOf(spec, c)),
      );
    }
    addTotals(totals, outcome.totals);
    for (const p of outcome.problems) {
      const c = run.changes[p.index];
      rows.push([c?.cursor ?? '', run.kind, c?.key ?? '', run.op, p.field, p.reason]);
    }
  }
  return { totals, rows };
}
