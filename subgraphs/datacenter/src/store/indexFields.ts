import type { RecordCollection } from './collections.ts';

/** 50 hours of IT-application training per teacher every five years. */
export const TRAINING_TARGET_HOURS = 50;

/**
 * Fields a record stores only so that its lists and indicators are served by indexes (besides the
 * level fields of its path, tenancy.ts): booleans for conditions the embedded database cannot
 * serve from an index (`centralSchoolCode != null`, `broadbandMbps > 0`, `trainingHours >= 50`:
 * null, `$ne` and number ranges are evaluated over every document there), which counts of
 * string/boolean equalities then answer without reading documents. Derived from the stored
 * record on every write (sync/changeLog.ts `writesOf`) and backfilled at start (backfill.ts);
 * not part of the sync record or its content hash.
 */
export function indexFields(coll: RecordCollection, doc: Record<string, unknown>): Record<string, boolean> {
  const fields: Record<string, boolean> = {};
  if (coll === 'schools') {
    fields.teachingPoint = doc.centralSchoolCode !== null && doc.centralSchoolCode !== undefined;
    fields.broadbandConnected = typeof doc.broadbandMbps === 'number' && doc.broadbandMbps > 0;
  }
  if (coll === 'teachers')
    fields.meetsTrainingTarget =
      typeof doc.trainingHours === 'number' && doc.trainingHours >= TRAINING_TARGET_HOURS;
  return fields;
}
