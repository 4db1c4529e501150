import { setTimeout as sleep } from 'node:timers/promises';
import type { Totals } from '../checkpoint.ts';
import type { RecordKind } from '../kinds.ts';
import { t } from '../messages.ts';
import { deleteDocument, upsertDocument, type UpsertResult } from './documents.ts';
import { HubError, type HubClient } from './hubClient.ts';

/**
 * Sends one batch of records (≤ 1000) to the datacenter's upsert and returns the counts and
 * each rejected record's problems, by index in the batch. When the hub refuses the batch as a
 * whole because of its input (a value the schema cannot take), the batch is split in halves
 * until the offending records are isolated and reported alone: one bad row never costs the
 * other 999. A batch refused as too large (the gateway's body limit) is split the same way, and
 * the size that passed is kept for the next batches.
 */
export interface RecordProblem {
  index: number;
  field: string;
  /** The hub's FieldError code (UNKNOWN_REFERENCE, CONFLICT…), when it gave one. */
  code?: string;
  reason: string;
}

export interface BatchOutcome {
  totals: Totals;
  problems: RecordProblem[];
}

const SPLITTABLE = new Set(['BAD_USER_INPUT', 'BATCH_TOO_LARGE', 'REQUEST_TOO_LARGE']);

function outcomeOf(result: UpsertResult): BatchOutcome {
  const problems: RecordProblem[] = [];
  for (const r of result.results) {
    if (r.status !== 'REJECTED') continue;
    if (!r.errors.length) problems.push({ index: r.index, field: '', reason: 'rejected by the hub' });
    for (const e of r.errors)
      problems.push({
        index: r.index,
        field: e.field,
        code: e.code,
        // The hub's message as sent, behind the catalogue's words for its code.
        reason: t().hubReason(e.code, `${e.message} (${e.code})`),
      });
  }
  const { created, updated, unchanged, rejected, deleted } = result;
  return { totals: { created, updated, unchanged, rejected, deleted }, problems };
}

function merge(a: BatchOutcome, b: BatchOutcome, offset: number): BatchOutcome {
  const totals = { ...a.totals };
  for (const k of Object.keys(totals) as (keyof Totals)[]) totals[k] += b.totals[k];
  return { totals, problems: [...a.problems, ...b.problems.map((p) => ({ ...p, index: p.index + offset }))] };
}

/**
 * Records per request a hub accepted after refusing more as too large (a gateway's body
 * limit): later batches are cut to that size up front instead of being refused again.
 */
const learnedLimit = new WeakMap<HubClient, number>();
const SIZE_CODES = new Set(['BATCH_TOO_LARGE', 'REQUEST_TOO_LARGE']);

async function send(
  client: HubClient,
  document: string,
  variables: (part: readonly unknown[]) => Record<string, unknown>,
  items: readonly unknown[],
): Promise<BatchOutcome> {
  const limit = learnedLimit.get(client);
  if (limit !== undefined && items.length > limit) {
    const first = await send(client, document, variables, items.slice(0, limit));
    const rest = await send(client, document, variables, items.slice(limit));
    return merge(first, rest, limit);
  }
  try {
    const data = await client.request<{ result: UpsertResult }>(document, variables(items));
    return outcomeOf(data.result);
  } catch (err) {
    if (!(err instanceof HubError) || err.transient || !SPLITTABLE.has(err.code ?? 'BAD_USER_INPUT'))
      throw err;
    if (items.length === 1) {
      return {
        totals: { created: 0, updated: 0, unchanged: 0, rejected: 1, deleted: 0 },
        problems: [{ index: 0, field: fieldOf(err), reason: err.message }],
      };
    }
    const half = Math.ceil(items.length / 2);
    if (SIZE_CODES.has(err.code ?? '')) learnedLimit.set(client, Math.min(limit ?? half, half));
    const first = await send(client, document, variables, items.slice(0, half));
    const second = await send(client, document, variables, items.slice(half));
    return merge(first, second, half);
  }
}

/** `Variable "$records" got invalid value … at "records[0].grade"` → `grade`. */
function fieldOf(err: HubError): string {
  const m = /at "records\[\d+\]\.([\w.]+)"/.exec(err.message);
  return m?.[1] ?? '';
}

const CONFLICT_ATTEMPTS = 5;

/**
 * CONFLICT means another writer changed the same record at the same moment: those records
 * (and only those) are sent again after a short, growing pause.
 */
async function sendResolvingConflicts(
  client: HubClient,
  document: string,
  variables: (part: readonly unknown[]) => Record<string, unknown>,
  items: readonly unknown[],
): Promise<BatchOutcome> {
  const outcome = await send(client, document, variables, items);
  for (let attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
    const conflicted = [
      ...new Set(outcome.problems.filter((p) => p.code === 'CONFLICT').map((p) => p.index)),
    ];
    if (!conflicted.length) break;
    await sleep(50 * 2 ** attempt * (1 + Math.random()));
    const again = await send(
      client,
      document,
      variables,
      conflicted.map((i) => items[i]),
    );
    const retried = new Set(conflicted);
    outcome.problems = outcome.problems.filter((p) => !retried.has(p.index));
    outcome.totals.rejected -= conflicted.length;
    for (const k of Object.keys(outcome.totals) as (keyof Totals)[]) outcome.totals[k] += again.totals[k];
    for (const p of again.problems) outcome.problems.push({ ...p, index: conflicted[p.index]! });
  }
  outcome.problems.sort((a, b) => a.index - b.index);
  return outcome;
}

export function upsertBatch(
  client: HubClient,
  kind: RecordKind,
  records: readonly Record<string, unknown>[],
): Promise<BatchOutcome> {
  return sendResolvingConflicts(client, upsertDocument(kind), (part) => ({ records: part }), records);
}

export function deleteBatch(
  client: HubClient,
  feedKind: string,
  keys: readonly string[],
): Promise<BatchOutcome> {
  return sendResolvingConflicts(client, deleteDocument, (part) => ({ kind: feedKind, keys: part }), keys);
}
