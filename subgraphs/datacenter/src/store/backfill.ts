import { RECORD_KINDS, runMigrationOnce, updateStale } from '@edugraph/shared';
import { MIGRATIONS, type RecordCollection } from './collections.ts';
import { indexFields } from './indexFields.ts';
import type { Models } from './models/index.ts';
import { levelFields, LEVEL_FIELDS } from './tenancy.ts';

/** Bump when indexFields.ts or tenancy.ts derive something new: records written before get it at start. */
export const INDEX_FIELDS_VERSION = 'index-fields-2';

/**
 * Writes the derived index fields (tenancy.ts level fields, indexFields.ts booleans) into records
 * stored before they existed. Idempotent and batched: reads each collection once, updates only
 * the records whose fields differ, each by `_id` and its current `seq` (so a record rewritten
 * meanwhile by a sync write, which stores its own fields, is left alone; shared `updateStale`),
 * then records a marker so later starts skip it with one lookup (at once on a new database).
 * Several instances starting at once write the same values. On a database written by an older
 * version it reads every record once: at 100,000 students on the embedded database that first
 * start takes minutes (see README).
 */
export async function backfillIndexFields(models: Models): Promise<number> {
  let updated = 0;
  await runMigrationOnce(
    models.changeBatches.db.db!,
    INDEX_FIELDS_VERSION,
    async () => {
      // A new database (every record will be written by this version) needs no pass over it.
      const sizes = await Promise.all(RECORD_KINDS.map((c) => models[c].estimatedDocumentCount()));
      for (const coll of sizes.some((n) => n > 0) ? RECORD_KINDS : [])
        updated += await updateStale(models[coll].collection, (row) => stale(coll, row), { guard: ['seq'] });
      return { updated };
    },
    MIGRATIONS,
  );
  return updated;
}

/** The derived fields a stored record lacks or holds wrong, or undefined when all are right. */
function stale(coll: RecordCollection, row: Record<string, unknown>) {
  const wanted: Record<string, unknown> = {
    ...levelFields((row.orgPath as string[] | undefined) ?? []),
    ...(row.deleted ? {} : indexFields(coll, row)),
  };
  // A student's or teacher's own schoolCode is its school, the same as its path's school level.
  if (coll !== 'regions' && coll !== 'schools') delete wanted[LEVEL_FIELDS[3]];
  const differs = Object.entries(wanted).some(([k, v]) => row[k] !== v);
  return differs ? wanted : undefined;
}
