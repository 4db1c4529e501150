import { runMigrationOnce, updateStale } from '@edugraph/shared';
import type { mongo } from 'mongoose';
import { feedKey, tenancyFields } from './indexFields.ts';
import type { Models } from './models/index.ts';

/** Bump when indexFields.ts derives something new: records written before get it at start. */
export const INDEX_FIELDS_VERSION = 'spaces-index-fields:v1';

/** The derived fields a stored space or post lacks or holds wrong (undefined when all are right). */
function stale(kind: 'spaces' | 'posts', row: mongo.Document): Record<string, unknown> | undefined {
  const orgPath = (row.orgPath as string[] | undefined) ?? [];
  const wanted: Record<string, unknown> = tenancyFields(orgPath);
  if (kind === 'posts' && row.createdAt instanceof Date) wanted.feedKey = feedKey(row.createdAt, row._id);
  return Object.entries(wanted).some(([k, v]) => row[k] !== v) ? wanted : undefined;
}

/**
 * Writes the index fields into spaces and posts stored by an earlier version (which read
 * memberships through a derived `memberspaces` collection, dropped here), once: a marker makes
 * later starts one lookup. One pass of one cursor per collection, updates in batches by `_id`
 * (shared `updateStale`); idempotent (instances starting together write the same values).
 */
export async function backfillIndexFields(models: Models): Promise<boolean> {
  const db = models.spaces.db.db!;
  return runMigrationOnce(db, INDEX_FIELDS_VERSION, async () => {
    let updated = 0;
    for (const kind of ['spaces', 'posts'] as const)
      updated += await updateStale(models[kind].collection, (row) => stale(kind, row));
    await db.dropCollection('memberspaces').catch(() => undefined);
    return { updated };
  });
}
