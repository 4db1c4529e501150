import type { RecordCollection } from './collections.ts';

/** 50 hours of IT-application training per teacher every five years. */
export const TRAINING_TARGET_HOURS = 50;

/**
 * The order of a people list as one unique string: the name, then U+0001 (below every character a
 * name may hold: control characters are refused), then the `_id`'s hex. Strings compare by their
 * UTF-8 bytes on both databases, so this sorts exactly like (name, `_id`), and "after the cursor"
 * is one `$gt` on one field, which the embedded database serves from `(countyCode, nameKey)`
 * (an `$or` tie-break on `_id` it would evaluate over every row of the county).
 */
export const nameKey = (name: string, id: string) => `${name}\u0001${id}`;

/**
 * Fields a record stores only so that its lists and indicators are served by indexes (besides the
 * level fields of its path, tenancy.ts): booleans for conditions the embedded database cannot
 * serve from an index, and the people lists' sort key (`centralSchoolCode != null`, `broadbandMbps > 0`, `trainingHours >= 50`:
 * null, `$ne` and number ranges are evaluated over every document there), which counts of
 * string/boolean equalities then answer without reading documents. Derived from the stored
 * record on every write (store/changeLog.ts `writesOf`) and backfilled at start (backfill.ts);
 * not part of the sync record or its content hash.
 */
export function indexFields(
  coll: RecordCollection,
  doc: Record<string, unknown>,
): Record<string, boolean | string> {
  const fields: Record<string, boolean | string> = {};
  if ((coll === 'students' || coll === 'teachers') && typeof doc.name === 'string' && doc._id)
    fields.nameKey = nameKey(doc.name, String(doc._id));
  if (coll === 'schools') {
    fields.teachingPoint = doc.centralSchoolCode !== null && doc.centralSchoolCode !== undefined;
    fields.broadbandConnected = typeof doc.broadbandMbps === 'number' && doc.broadbandMbps > 0;
  }
  if (coll === 'teachers')
    fields.meetsTrainingTarget =
      typeof doc.trainingHours === 'number' && doc.trainingHours >= TRAINING_TARGET_HOURS;
  return fields;
}
