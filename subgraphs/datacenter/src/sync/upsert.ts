import { errors, type Caller } from '@edugraph/shared';
import {
  createRecords,
  readCodeSets,
  type EntityKind,
  type Models,
  type RecordCollection,
  type Records,
} from '../store/index.ts';
import { entitySpecs, FieldErrors, type Checked, type EntitySpec } from '../validation/index.ts';
import { loadRefs } from '../validation/spec.ts';
import { isAncestorOfCaller, resolveAncestors } from './ancestors.ts';
import type { ChangeLog } from '../store/changeLog.ts';
import { contentHash } from '../store/recordWrites.ts';
import { withWriteLock } from '../store/writeLock.ts';
import { applyChanges, type Existing, type PlannedChange } from './applyChanges.ts';
import { rejected, summarize, type RecordResult, type UpsertResult } from './results.ts';

export const MAX_BATCH = 1000;

export interface SyncDeps {
  models: Models;
  log: ChangeLog;
  now?: () => Date;
}

type Accepted = { index: number; checked: Checked }[];

/**
 * Batch upsert of one entity kind keyed on its natural key. Every record is checked first
 * (identifiers, references, the caller's organization); only the records whose content hash
 * differs from the stored one are written, in one bulkWrite, so the same batch sent twice is
 * UNCHANGED the second time and bumps no version. A bad record is rejected with its fields
 * named and never stops the others. Planning (what is stored now) and writing happen under the
 * kind's write lock (store/writeLock.ts).
 */
export async function upsertRecords(
  deps: SyncDeps,
  caller: Caller,
  kind: EntityKind,
  inputs: readonly Record<string, unknown>[],
): Promise<UpsertResult> {
  if (inputs.length > MAX_BATCH) throw errors.batchTooLarge(MAX_BATCH, inputs.length);
  const spec = entitySpecs[kind];
  const now = deps.now?.() ?? new Date();
  const results: (RecordResult | undefined)[] = new Array(inputs.length);
  // References are of other kinds: checked before taking this kind's lock.
  const records = createRecords(deps.models);
  const ancestors: Accepted = [];
  let accepted = await checkBatch(spec, deps.models, records, caller, inputs, now, results, ancestors);
  await resolveAncestors(records, spec, caller, ancestors, results);
  // Only whether any is stored decides the lock-free path: one `_id` read, not 1,000 records.
  const anyKnown = await records.anyByKeys(
    spec.collection,
    spec.keyField,
    accepted.map((a) => a.checked.key),
  );
  if (accepted.length > 0 && !anyKnown)
    accepted = await createUnlocked(deps, kind, spec, accepted, now, results);
  if (accepted.length === 0) return summarize(results as RecordResult[]);
  return withWriteLock(deps.models, kind, async () => {
    const existing = await loadExisting(
      records,
      spec.collection,
      spec.keyField,
      accepted.map((a) => a.checked.key),
    );
    const planned: PlannedChange[] = [];
    const plannedIndex: number[] = [];
    for (const { index, checked } of accepted) {
      const ex = existing.get(checked.key);
      if (ex && !ex.orgPath.includes(caller.organization)) {
        results[index] = rejected(index, checked.key, [
          {
            field: spec.keyField,
            code: 'OUT_OF_SCOPE',
            message: `${checked.key} is held by an organization outside yours (${caller.organization})`,
          },
        ]);
        continue;
      }
      const hash = contentHash(checked.record, checked.orgPath, checked.derived);
      if (ex && !ex.deleted && ex.hash === hash) {
        results[index] = { index, key: checked.key, status: 'UNCHANGED', errors: [] };
        continue;
      }
      results[index] = {
        index,
        key: checked.key,
        status: ex && !ex.deleted ? 'UPDATED' : 'CREATED',
        errors: [],
      };
      const { record, orgPath, derived } = checked;
      planned.push({ key: checked.key, existing: ex, op: 'UPSERT', orgPath, record, derived, hash });
      plannedIndex.push(index);
    }
    const failed = await applyChanges(kind, spec.collection, deps, planned, now);
    markConflicts(spec, failed, planned, plannedIndex, results);
    return summarize(results as RecordResult[]);
  });
}

/**
 * A batch of records none of which is stored yet writes without the kind's lock, so several
 * such batches write at once: there is no stored version to race on, and the unique key index
 * lets only one of two creators of a key insert it. Records whose insert failed (created meanwhile by another writer) are returned,
 * to be planned again under the lock (UPDATED or UNCHANGED then, as if sent after the other).
 */
async function createUnlocked(
  deps: SyncDeps,
  kind: EntityKind,
  spec: EntitySpec,
  accepted: Accepted,
  now: Date,
  results: (RecordResult | undefined)[],
): Promise<Accepted> {
  const planned: PlannedChange[] = accepted.map(({ checked }) => ({
    key: checked.key,
    existing: undefined,
    op: 'UPSERT',
    orgPath: checked.orgPath,
    record: checked.record,
    derived: checked.derived,
    hash: contentHash(checked.record, checked.orgPath, checked.derived),
  }));
  const failed = await applyChanges(kind, spec.collection, deps, planned, now);
  accepted.forEach(({ index, checked }, i) => {
    if (!failed.has(i)) results[index] = { index, key: checked.key, status: 'CREATED', errors: [] };
  });
  return accepted.filter((_, i) => failed.has(i));
}

/** Checks every input; rejections go into `results`, the accepted ones are returned. */
async function checkBatch(
  spec: EntitySpec,
  models: Models,
  records: Records,
  caller: Caller,
  inputs: readonly Record<string, unknown>[],
  today: Date,
  results: (RecordResult | undefined)[],
  ancestors: Accepted,
): Promise<Accepted> {
  const [refs, codes] = await Promise.all([
    loadRefs(records, spec, inputs),
    spec.codeTables ? readCodeSets(models, spec.codeTables) : new Map(),
  ]);
  const batch = new Map<string, Checked>();
  const firstIndex = new Map<string, number>();
  const accepted: Accepted = [];
  inputs.forEach((input, index) => {
    const e = new FieldErrors();
    const checked = spec.check(input, e, { refs, batch, today, codes });
    if (checked) {
      const seen = firstIndex.get(checked.key);
      if (seen !== undefined)
        e.add(
          spec.keyField,
          'DUPLICATE_IN_BATCH',
          `${checked.key} already appears at index ${seen} of this batch`,
        );
      else if (isAncestorOfCaller(caller, checked) && e.ok) {
        // Not written: compared with the hub's record (ancestors.ts).
        ancestors.push({ index, checked });
        return;
      } else if (!checked.orgPath.includes(caller.organization))
        e.add(
          spec.ownerField,
          'OUT_OF_SCOPE',
          `${spec.ownerField} is outside your organization (${caller.organization})`,
        );
    }
    if (checked && e.ok) {
      batch.set(checked.key, checked);
      firstIndex.set(checked.key, index);
      accepted.push({ index, checked });
    } else {
      const key =
        checked?.key ?? (typeof input[spec.keyField] === 'string' ? (input[spec.keyField] as string) : null);
      results[index] = rejected(index, key, e.list);
    }
  });
  return accepted;
}

/** Planned writes that failed (another writer got there first) become CONFLICT rejections. */
export function markConflicts(
  spec: EntitySpec,
  failed: ReadonlySet<number>,
  planned: readonly PlannedChange[],
  plannedIndex: readonly number[],
  results: (RecordResult | undefined)[],
): void {
  for (const i of failed) {
    const index = plannedIndex[i]!;
    const key = planned[i]!.key;
    results[index] = rejected(index, key, [
      {
        field: spec.keyField,
        code: 'CONFLICT',
        message: `${key} was changed by another writer at the same moment; send it again`,
      },
    ]);
  }
}

/** The stored state (tombstones included) of the records with these natural keys. */
export async function loadExisting(
  records: Records,
  coll: RecordCollection,
  keyField: string,
  keys: readonly string[],
): Promise<Map<string, Existing>> {
  const map = new Map<string, Existing>();
  if (keys.length === 0) return map;
  for (const row of await records.byKeys(coll, keyField, keys))
    map.set(row[keyField] as string, row as unknown as Existing);
  return map;
}
