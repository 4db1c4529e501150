import { generateProvince } from '@edugraph/infra';
import type { StudentRecord } from '@edugraph/shared';
import mongoose from 'mongoose';

type Db = mongoose.mongo.Db;
const { ObjectId } = mongoose.mongo;

/** A student as the datacenter stores it: the registry record plus the tracked fields. */
export interface StudentDocument extends StudentRecord {
  _id: mongoose.mongo.ObjectId;
  orgPath: string[];
  version: number;
  hash: string;
  seq: number;
  deleted: boolean;
  changedAt: Date;
}

/**
 * The datacenter's student indexes (subgraphs/datacenter/src/models/student.ts), plus the
 * compound index a school's keyset pages read (issue 15 declares it; patch 0011 serves it).
 */
export const STUDENT_INDEXES: [Record<string, 1>, { unique?: boolean }][] = [
  [{ registryNumber: 1 }, { unique: true }],
  [{ orgPath: 1 }, {}],
  [{ schoolCode: 1 }, {}],
  [{ classCode: 1 }, {}],
  [{ name: 1 }, {}],
  [{ schoolCode: 1, name: 1 }, {}],
];

/** `count` generated students with the datacenter's tracked fields, streamed. */
export function* studentDocuments(count: number): Generator<StudentDocument> {
  const province = generateProvince({ seed: 'bench-embedded-db', students: count });
  const countyOf = new Map<string, string>();
  for (const school of province.schools()) countyOf.set(school.code, school.regionCode);
  let seq = 0;
  for (const student of province.students()) {
    if (seq >= count) return;
    const county = countyOf.get(student.schoolCode) ?? '330102';
    seq++;
    yield {
      _id: new ObjectId(),
      ...student,
      orgPath: ['100000', '330000', `${county.slice(0, 4)}00`, county, student.schoolCode],
      version: 1,
      hash: seq.toString(36).padStart(12, '0'),
      seq,
      deleted: false,
      changedAt: new Date(1_767_225_600_000 + seq * 1000),
    };
  }
}

/** Insert commands sent before the oldest is awaited. */
export const INSERTS_IN_FLIGHT = 2;

/**
 * Creates the indexes first (as the service does), then inserts in batches of 1,000; returns
 * documents per second and a sample of the inserted students for the queries.
 */
export async function loadStudents(
  db: Db,
  count: number,
): Promise<{ perSecond: number; sample: StudentDocument[] }> {
  const coll = db.collection<StudentDocument>('students');
  await coll.drop().catch(() => undefined);
  for (const [key, options] of STUDENT_INDEXES) await coll.createIndex(key, options);
  const sample: StudentDocument[] = [];
  let batch: StudentDocument[] = [];
  const started = performance.now();
  let n = 0;
  // Up to INSERTS_IN_FLIGHT batches are sent before the oldest is awaited, as a bulk loader does: the
  // next batch is generated and encoded while the database writes the previous one.
  const pending: Promise<unknown>[] = [];
  const send = async (docs: StudentDocument[]) => {
    pending.push(coll.insertMany(docs, { ordered: false }));
    if (pending.length >= INSERTS_IN_FLIGHT) await pending.shift();
  };
  for (const doc of studentDocuments(count)) {
    batch.push(doc);
    if (n++ % Math.max(1, Math.floor(count / 2000)) === 0) sample.push(doc);
    if (batch.length === 1000) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length) await send(batch);
  await Promise.all(pending);
  return { perSecond: Math.round(n / ((performance.now() - started) / 1000)), sample };
}
