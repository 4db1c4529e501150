import { errors, type Caller } from '@edugraph/shared';
import type { EntityKind, Models } from '../models/index.ts';
import { entitySpecs, FieldErrors, type Checked } from '../validation/index.ts';
import { applyChanges, contentHash, type Existing, type PlannedChange } from './applyChanges.ts';
import type { ChangeLog } from './changeLog.ts';
import { withWriteLock } from './writeLock.ts';
import { rejected, summarize, type RecordResult, type UpsertResult } from './results.ts';

export const MAX_BATCH = 1000;

export interface SyncDeps {
  models: Models;
  log: ChangeLog;
  now?: () => Date;
}

/**
 * Batch upsert of one entity kind keyed on its natural key. Every record is checked first
 * (identifiers, references, the caller's organization); only the records whose content hash
 * differs from the stored one are written, in one bulkWrite, so the same batch sent twice is
 * UNCHANGED the second time and bumps no version. A bad record is rejected with its fields
 * named and never stops the others.
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
  const refs = await spec.loadRefs(deps.models, inputs);
  const results: (RecordResult | undefined)[] = new Array(inputs.length);
  const batch = new Map<string, Checked>();
  const firstIndex = new Map<string, number>();
  const accepted: { index: number; checked: Checked }[] = [];

  inputs.forEach((input, index) => {
    const e = new FieldErrors();
    const checked = spec.check(input, e, { refs, batch, today: now });
    if (checked) {
      const seen = firstIndex.get(checked.key);
      if (seen !== undefined)
        e.add(
          spec.keyField,
          'DUPLICATE_IN_BATCH',
          `${checked.key} already appears at index ${seen} of this batch`,
        );
      else if (!checked.orgPath.includes(caller.organization))
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

  const model = deps.models[spec.collection];
  // Planning (what is stored now) and writing happen under the kind's lock: see writeLock.ts.
  return withWriteLock(deps.models, kind, async () => {
    const existing = await loadExisting(
      model.collection,
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
      planned.push({
        key: checked.key,
        existing: ex,
        op: 'UPSERT',
        orgPath: checked.orgPath,
        record: checked.record,
        derived: checked.derived,
        hash,
      });
      plannedIndex.push(index);
    }

    const failed = await applyChanges(kind, model.collection, deps.log, planned, now);
    for (const i of failed) {
      const index = plannedIndex[i]!;
      results[index] = rejected(index, planned[i]!.key, [
        {
          field: spec.keyField,
          code: 'CONFLICT',
          message: `${planned[i]!.key} was changed by another writer at the same moment; send it again`,
        },
      ]);
    }
    return summarize(results as RecordResult[]);
  });
}

export async function loadExisting(
  collection: Models['students']['collection'],
  keyField: string,
  keys: readonly string[],
): Promise<Map<string, Existing>> {
  const map = new Map<string, Existing>();
  if (keys.length === 0) return map;
  const rows = await collection
    .find(
      { [keyField]: { $in: [...keys] } },
      { projection: { [keyField]: 1, orgPath: 1, version: 1, hash: 1, deleted: 1 } },
    )
    .toArray();
  for (const row of rows) map.set(row[keyField] as string, row as unknown as Existing);
  return map;
}
