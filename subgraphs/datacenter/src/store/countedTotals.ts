import { STUDENT_STATUS_ENROLLED } from '@edugraph/shared';
import type { RecordCollection } from './collections.ts';
import type { Records } from './records.ts';
import type { Where } from './where.ts';

/**
 * The lists' totalCounts that counters kept on write answer (counters.ts): per collection, the
 * equalities a list's filter may hold besides its subtree, and the figure counting them. A
 * count of a subtree reads every index entry of it (about 10 µs each on the embedded database:
 * seconds for a province's students at 1,000,000); a counter is one read by `_id`.
 */
const TOTALS: Partial<Record<RecordCollection, { fields: Record<string, unknown>; figure: string }[]>> = {
  schools: [{ fields: {}, figure: 'records' }],
  classes: [{ fields: {}, figure: 'records' }],
  students: [
    { fields: {}, figure: 'records' },
    { fields: { status: STUDENT_STATUS_ENROLLED }, figure: 'enrolled' },
  ],
  teachers: [
    { fields: {}, figure: 'records' },
    { fields: { employmentStatus: 'ACTIVE' }, figure: 'active' },
  ],
};

const sameFields = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** The list's totalCount from the counters, when they hold it; undefined: count the records. */
export function countedTotal(
  records: Records,
  coll: RecordCollection,
  where: Where,
): (() => Promise<number>) | undefined {
  const shape = where.subtreeAndEqualities;
  const total = shape && TOTALS[coll]?.find((t) => sameFields(t.fields, shape.fields));
  if (!shape || !total) return undefined;
  return async () => {
    const figure = (await records.counters(shape.code, [coll]))[coll]?.[total.figure];
    return typeof figure === 'number' ? figure : 0;
  };
}
