import { codeOf, jytColumns, runMigrationOnce, updateStale } from '@edugraph/shared';
import { MIGRATIONS } from './collections.ts';
import { contentHash } from './recordWrites.ts';
import type { Models } from './models/index.ts';

export const CODE_VALUES_VERSION = 'code-values-1';

/** The coded fields whose stored values were English enums or Chinese names before code sets. */
const CODED: Readonly<Record<'students' | 'teachers', Record<string, string>>> = {
  students: { gender: 'XBM', status: 'XJZTM', ethnicity: 'MZM' },
  teachers: { gender: 'XBM' },
};

/**
 * Rewrites the coded fields of students and teachers stored before code sets (MALE, ENROLLED,
 * 汉族) as their codes (1, 01, 01), with the content hash the same record sent again would have,
 * so re-sending an old file is UNCHANGED rather than UPDATED. Versions are not bumped and no
 * feed change is written: the values mean the same, and a hub pulling old feed records accepts
 * either spelling. As backfill.ts: one cursor pass, updates by `_id` and `seq` (a concurrent
 * sync write wins; shared `updateStale`), then a marker so later starts skip it.
 */
export async function migrateCodeValues(models: Models): Promise<number> {
  let updated = 0;
  await runMigrationOnce(
    models.changeBatches.db.db!,
    CODE_VALUES_VERSION,
    async () => {
      for (const coll of ['students', 'teachers'] as const)
        updated += await updateStale(models[coll].collection, (row) => recoded(coll, row), {
          guard: ['seq'],
        });
      return { updated };
    },
    MIGRATIONS,
  );
  return updated;
}

function recoded(coll: 'students' | 'teachers', row: Record<string, unknown>) {
  const set: Record<string, unknown> = {};
  for (const [field, table] of Object.entries(CODED[coll])) {
    const code = codeOf(table, row[field]);
    if (code !== undefined && code !== row[field]) set[field] = code;
  }
  if (Object.keys(set).length === 0 || row.deleted) return undefined;
  // The record in its sync shape, in the order the checks build it (validation/people.ts).
  const doc = { ...row, ...set };
  const record = Object.fromEntries(jytColumns[coll].map((c) => [c.field, doc[c.field] ?? null]));
  set.hash = contentHash(record, row.orgPath as string[], {});
  return set;
}
