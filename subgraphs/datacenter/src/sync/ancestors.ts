import type { Caller } from '@edugraph/shared';
import type { Records } from '../store/index.ts';
import type { Checked, EntitySpec } from '../validation/index.ts';
import { contentHash } from '../store/recordWrites.ts';
import { rejected, type RecordResult } from './results.ts';
import { loadExisting } from './upsert.ts';

/**
 * Records on the caller's own path above its organization (a province's nation and its own
 * region code path, as the seed generator's and the registry systems' regions files hold them,
 * and records those organizations own, such as the national curriculum's courses)
 * are not the caller's to write, but they are not foreign either: a file that repeats them as
 * the hub holds them is reported UNCHANGED, so importing whole files in any order runs through.
 * One that differs from the hub's record is refused (OUT_OF_SCOPE): only an organization above
 * the caller may change it.
 */
export function isAncestorOfCaller(caller: Caller, checked: Checked): boolean {
  if (checked.key !== caller.organization && caller.orgPath.includes(checked.key)) return true;
  // Owned above the caller (a national course, orgPath [100000], in a province's courses file).
  const path = checked.orgPath;
  return (
    path.length > 0 && path.length < caller.orgPath.length && path.every((c, i) => caller.orgPath[i] === c)
  );
}

export async function resolveAncestors(
  records: Records,
  spec: EntitySpec,
  caller: Caller,
  ancestors: readonly { index: number; checked: Checked }[],
  results: (RecordResult | undefined)[],
): Promise<void> {
  if (!ancestors.length) return;
  const existing = await loadExisting(
    records,
    spec.collection,
    spec.keyField,
    ancestors.map((a) => a.checked.key),
  );
  for (const { index, checked } of ancestors) {
    const ex = existing.get(checked.key);
    const hash = contentHash(checked.record, checked.orgPath, checked.derived);
    results[index] =
      ex && !ex.deleted && ex.hash === hash
        ? { index, key: checked.key, status: 'UNCHANGED', errors: [] }
        : rejected(index, checked.key, [
            {
              field: spec.ownerField,
              code: 'OUT_OF_SCOPE',
              message:
                `${checked.key} is above your organization (${caller.organization}) and differs from ` +
                `the hub's record: only an organization above yours may change it`,
            },
          ]);
  }
}
