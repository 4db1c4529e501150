import {
  STUDENT_STATUS_ENROLLED,
  addContribution as addCounted,
  applyCounterDeltas as incrementCounters,
  counterDeltas as countedDeltas,
  readCounters as readStoredCounters,
  type CounterDeltas,
  type CounterMetrics,
} from '@edugraph/shared';
import type { RecordCollection } from './collections.ts';
import { indexFields } from './indexFields.ts';
import type { Models } from './models/index.ts';
import { stageOfClass, termMetric } from './termMetrics.ts';

export type Metrics = CounterMetrics;
type Stored = Record<string, unknown>;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The counted kinds: what one live record adds to the counters of every organization on its path
 * (the nation, its province, city, county and school), and the stored fields that depends on.
 * A new counted kind is one more entry here (and its figures read in indicators.ts): every write
 * goes through sync/applyChanges.ts, which applies the deltas, and `recount` rebuilds from it.
 */
export const COUNTED: Partial<Record<RecordCollection, { fields: string[]; of: (doc: Stored) => Metrics }>> =
  {
    schools: {
      fields: ['centralSchoolCode', 'broadbandMbps', 'classrooms', 'multimediaClassrooms'],
      of(doc) {
        const { teachingPoint, broadbandConnected } = indexFields('schools', doc);
        return {
          records: 1,
          schools: teachingPoint ? 0 : 1,
          teachingPoints: teachingPoint ? 1 : 0,
          broadbandConnected: broadbandConnected ? 1 : 0,
          classrooms: num(doc.classrooms),
          multimediaClassrooms: num(doc.multimediaClassrooms),
        };
      },
    },
    // Every live record adds `records`: a list's totalCount of a subtree (countedTotals.ts).
    classes: { fields: [], of: () => ({ records: 1 }) },
    students: {
      fields: ['status'],
      of: (doc) => ({ records: 1, enrolled: doc.status === STUDENT_STATUS_ENROLLED ? 1 : 0 }),
    },
    teachers: {
      fields: ['employmentStatus', 'trainingHours'],
      of(doc) {
        const active = doc.employmentStatus === 'ACTIVE';
        const trained = active && indexFields('teachers', doc).meetsTrainingTarget === true;
        return {
          records: 1,
          active: active ? 1 : 0,
          activeMeetingTraining: trained ? 1 : 0,
          activeTrainingHours: active ? num(doc.trainingHours) : 0,
        };
      },
    },
    // Per term and 学段: the enrollments not ended (a pupil who left keeps the record, dated).
    enrollments: {
      fields: ['termCode', 'classCode', 'endDate'],
      of(doc) {
        const stage = stageOfClass(doc.classCode);
        const open = doc.endDate === null || doc.endDate === undefined;
        return open && stage && typeof doc.termCode === 'string'
          ? { [termMetric(doc.termCode, stage)]: 1 }
          : {};
      },
    },
    // Per term and 学科: assignments, by the course's subject stored with each (validation/roster.ts).
    assignments: {
      fields: ['termCode', 'subject'],
      of: (doc) =>
        typeof doc.subject === 'string' && typeof doc.termCode === 'string'
          ? { [termMetric(doc.termCode, doc.subject)]: 1 }
          : {},
    },
  };

export const isCounted = (coll: RecordCollection) => COUNTED[coll] !== undefined;
export const counterId = (coll: RecordCollection, code: string) => `${coll}:${code}`;
/** The write lock (writeLock.ts) held from a counted kind's record writes to its counter writes. */
export const counterLock = (coll: RecordCollection) => `counters:${coll}`;

/** Per counter `_id`: its organization and the amounts to add. */
export type Deltas = CounterDeltas;

/** Adds `sign` × the contribution of a stored record (nothing for a tombstone or none). */
export function addContribution(
  deltas: Deltas,
  coll: RecordCollection,
  doc: Stored | undefined,
  sign: 1 | -1,
) {
  const counted = COUNTED[coll];
  if (counted) addCounted(deltas, coll, counted, doc, sign);
}

/** The counter changes of records replaced: each `before` (stored) taken out, each `after` added. */
export function counterDeltas(
  coll: RecordCollection,
  changes: readonly { before: Stored | undefined; after: Stored | undefined }[],
): Deltas {
  const counted = COUNTED[coll];
  return counted ? countedDeltas(coll, counted, changes) : new Map();
}

/** Adds the deltas to the stored counters (callers hold the kind's counter lock). */
export const applyCounterDeltas = (models: Models, coll: RecordCollection, deltas: Deltas) =>
  incrementCounters(models.counters.collection, coll, deltas);

/** The counters of one organization, per counted collection (zeros where none is stored). */
export const readCounters = (models: Models, code: string, colls: readonly RecordCollection[]) =>
  readStoredCounters(models.counters.collection, colls, code);
