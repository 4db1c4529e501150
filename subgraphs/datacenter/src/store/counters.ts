import { STUDENT_STATUS_ENROLLED } from '@edugraph/shared';
import { NATION_CODE } from '@edugraph/shared';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { RecordCollection } from './collections.ts';
import { indexFields } from './indexFields.ts';
import type { Models } from './models/index.ts';
import { levelFields } from './tenancy.ts';
import { stageOfClass, termMetric } from './termMetrics.ts';

export type Metrics = Record<string, number>;
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
          schools: teachingPoint ? 0 : 1,
          teachingPoints: teachingPoint ? 1 : 0,
          broadbandConnected: broadbandConnected ? 1 : 0,
          classrooms: num(doc.classrooms),
          multimediaClassrooms: num(doc.multimediaClassrooms),
        };
      },
    },
    students: {
      fields: ['status'],
      of: (doc) => ({ enrolled: doc.status === STUDENT_STATUS_ENROLLED ? 1 : 0 }),
    },
    teachers: {
      fields: ['employmentStatus', 'trainingHours'],
      of(doc) {
        const active = doc.employmentStatus === 'ACTIVE';
        const trained = active && indexFields('teachers', doc).meetsTrainingTarget === true;
        return {
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

/** The organizations whose counters a record on this path adds to (what subtreeOf matches). */
export function countedCodes(orgPath: readonly string[]): string[] {
  const levels = Object.values(levelFields(orgPath)).filter((c): c is string => c !== null);
  return [...new Set([NATION_CODE, ...levels])];
}

/** Per counter `_id`: its organization and the amounts to add. */
export type Deltas = Map<string, { code: string; metrics: Metrics }>;

/** Adds `sign` × the contribution of a stored record (nothing for a tombstone or none). */
export function addContribution(
  deltas: Deltas,
  coll: RecordCollection,
  doc: Stored | undefined,
  sign: 1 | -1,
) {
  const counted = COUNTED[coll];
  if (!counted || !doc || doc.deleted === true) return;
  const metrics = counted.of(doc);
  for (const code of countedCodes((doc.orgPath as string[] | undefined) ?? [])) {
    const id = counterId(coll, code);
    let entry = deltas.get(id);
    if (!entry) deltas.set(id, (entry = { code, metrics: {} }));
    for (const [k, v] of Object.entries(metrics)) entry.metrics[k] = (entry.metrics[k] ?? 0) + sign * v;
  }
}

/** The counter changes of records replaced: each `before` (stored) taken out, each `after` added. */
export function counterDeltas(
  coll: RecordCollection,
  changes: readonly { before: Stored | undefined; after: Stored | undefined }[],
): Deltas {
  const deltas: Deltas = new Map();
  for (const { before, after } of changes) {
    addContribution(deltas, coll, before, -1);
    addContribution(deltas, coll, after, 1);
  }
  return deltas;
}

/**
 * Adds the deltas to the stored counters: one `$inc` per organization touched, in one bulkWrite.
 * Callers hold the kind's counter lock: `$inc` is atomic on MongoDB, but the embedded database
 * reads and rewrites the document in two steps, so two writers' increments could be lost.
 */
export async function applyCounterDeltas(models: Models, coll: RecordCollection, deltas: Deltas) {
  const ops: AnyBulkWriteOperation[] = [];
  for (const [_id, { code, metrics }] of deltas) {
    const inc = Object.fromEntries(Object.entries(metrics).filter(([, v]) => v !== 0));
    if (Object.keys(inc).length === 0) continue;
    ops.push({
      updateOne: { filter: { _id } as never, update: { $inc: inc, $set: { coll, code } }, upsert: true },
    });
  }
  if (ops.length > 0) await models.counters.collection.bulkWrite(ops as never, { ordered: false });
}

/** The counters of one organization, per counted collection (zeros where none is stored). */
export async function readCounters(
  models: Models,
  code: string,
  colls: readonly RecordCollection[],
): Promise<Record<string, Metrics>> {
  const rows = await models.counters.collection
    .find({ _id: { $in: colls.map((c) => counterId(c, code)) } } as never)
    .toArray();
  const byId = new Map(rows.map((r) => [String(r._id), r as unknown as Metrics]));
  return Object.fromEntries(colls.map((c) => [c, byId.get(counterId(c, code)) ?? {}]));
}
