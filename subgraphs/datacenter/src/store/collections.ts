import type { RecordKind } from '@edugraph/shared';
import type { EntityKind } from './models/index.ts';

/**
 * The collections of records (not the change log): one per record kind of shared/src/records
 * (`RECORD_KINDS` lists them in load order; no write here depends on the order: each kind has its
 * own write lock and the start-up backfill treats every record alone).
 */
export type RecordCollection = RecordKind;

/** The collection of each kind as the graph names it (`EntityKind` of the change feed). */
export const COLLECTION_OF: Readonly<Record<EntityKind, RecordCollection>> = {
  REGION: 'regions',
  SCHOOL: 'schools',
  CLASS: 'classes',
  STUDENT: 'students',
  TEACHER: 'teachers',
  ASSET: 'assets',
  TERM: 'terms',
  COURSE: 'courses',
  ENROLLMENT: 'enrollments',
  ASSIGNMENT: 'assignments',
  GUARDIAN: 'guardians',
};

/** The graph's name of each collection's kind (`COLLECTION_OF` reversed). */
export const KIND_OF = Object.fromEntries(
  Object.entries(COLLECTION_OF).map(([kind, coll]) => [coll, kind]),
) as Readonly<Record<RecordCollection, EntityKind>>;

/** Where the one-off migrations at start leave their markers (shared `runMigrationOnce`). */
export const MIGRATIONS = 'store_migrations';
