import { errors, type Caller } from '@edugraph/shared';
import { createRecords, type EntityKind } from '../store/index.ts';
import { entitySpecs } from '../validation/index.ts';
import { applyChanges, type PlannedChange } from './applyChanges.ts';
import { rejected, summarize, type RecordResult, type UpsertResult } from './results.ts';
import { withWriteLock } from '../store/writeLock.ts';
import { loadExisting, markConflicts, MAX_BATCH, type SyncDeps } from './upsert.ts';

/**
 * Deletes by natural key, as tombstones: the record stays (flagged deleted, version bumped) and
 * a DELETE entry goes into the change feed. Deleting an already deleted record is UNCHANGED.
 */
export async function deleteRecords(
  deps: SyncDeps,
  caller: Caller,
  kind: EntityKind,
  keys: readonly string[],
): Promise<UpsertResult> {
  if (keys.length > MAX_BATCH) throw errors.batchTooLarge(MAX_BATCH, keys.length);
  const spec = entitySpecs[kind];
  const now = deps.now?.() ?? new Date();
  return withWriteLock(deps.models, kind, async () => {
    const existing = await loadExisting(createRecords(deps.models), spec.collection, spec.keyField, keys);
    const results: RecordResult[] = [];
    const planned: PlannedChange[] = [];
    const plannedIndex: number[] = [];
    const seen = new Set<string>();
    keys.forEach((key, index) => {
      const ex = existing.get(key);
      if (seen.has(key)) {
        results.push(
          rejected(index, key, [
            {
              field: spec.keyField,
              code: 'DUPLICATE_IN_BATCH',
              message: `${key} appears twice in this batch`,
            },
          ]),
        );
      } else if (!ex || !ex.orgPath.includes(caller.organization)) {
        results.push(
          rejected(index, key, [
            {
              field: spec.keyField,
              code: 'UNKNOWN_REFERENCE',
              message: `no ${kind.toLowerCase()} ${key} within your organization (${caller.organization})`,
            },
          ]),
        );
      } else if (ex.deleted) {
        results.push({ index, key, status: 'UNCHANGED', errors: [] });
      } else {
        results.push({ index, key, status: 'DELETED', errors: [] });
        planned.push({
          key,
          existing: ex,
          op: 'DELETE',
          orgPath: ex.orgPath,
          record: null,
          derived: {},
          hash: ex.hash,
        });
        plannedIndex.push(index);
      }
      seen.add(key);
    });
    const failed = await applyChanges(kind, spec.collection, deps, planned, now);
    markConflicts(spec, failed, planned, plannedIndex, results);
    return summarize(results);
  });
}
