import { recountCollection, runMigrationOnce } from '@edugraph/shared';
import { MIGRATIONS, type RecordCollection } from './collections.ts';
import { COUNTED } from './counters.ts';
import type { Models } from './models/index.ts';

/**
 * Bump when counters.ts counts something new: databases counted before are recounted at start.
 * counters-3: `records` of schools, classes, students and teachers (lists' totalCounts).
 */
export const COUNTERS_VERSION = 'counters-3';
const counted = () => Object.keys(COUNTED) as RecordCollection[];

/**
 * Rebuilds the counters of each counted collection from its stored records, each under its
 * counter lock, which writers hold from their record writes to their counter writes
 * (sync/applyChanges.ts): exact with writers running (shared/src/store/counters.ts). Returns the
 * counter documents written. One pass over every record of the kind (minutes at 1,000,000
 * students on the embedded database): for a first start or `npm run recount`, not for requests.
 */
export async function recount(models: Models, colls: readonly RecordCollection[] = counted()) {
  let written = 0;
  for (const coll of colls)
    written += await recountCollection({
      db: models.counters.db.db!,
      counters: models.counters.collection,
      coll,
      counted: COUNTED[coll]!,
      records: models[coll].collection,
      live: { deleted: false },
    });
  return written;
}

/**
 * At start: counts the stored records once when this version's counters were never built (a
 * database written before them), then leaves a marker so later starts skip it with one lookup.
 * A new database needs no pass: every write maintains the counters.
 */
export async function countersAtStart(models: Models): Promise<number> {
  let written = 0;
  await runMigrationOnce(
    models.changeBatches.db.db!,
    COUNTERS_VERSION,
    async () => {
      const sizes = await Promise.all(counted().map((c) => models[c].estimatedDocumentCount()));
      if (sizes.some((n) => n > 0)) written = await recount(models);
      return { written };
    },
    MIGRATIONS,
  );
  return written;
}
