import type { mongo } from 'mongoose';
import { NATION_CODE } from '../auth/caller.ts';
import { withDatabaseLock } from './databaseLock.ts';
import { levelFields } from './tenancy.ts';

/**
 * Counters per organization kept on write: what a region's indicators read instead of counting
 * its records. One document per counted collection and organization (`_id` `<coll>:<code>`, the
 * nation, each province, city, county and school on a record's path), holding named figures.
 * A writer adds its records' contributions while holding the collection's counter lock from its
 * record writes to its counter writes (`withCounterLock`): `$inc` is atomic on MongoDB, but the
 * embedded database reads and rewrites the document in two steps, and a recount must see no
 * record whose counters are still to come. `recountCollection` rebuilds them from the records.
 */
export type CounterMetrics = Record<string, number>;
type Stored = Record<string, unknown>;

/** What one live record of a counted collection adds to every organization on its path. */
export interface CountedCollection {
  /** The stored fields `of` reads, besides `orgPath` (a recount reads only these). */
  fields: readonly string[];
  of(doc: Stored): CounterMetrics;
}

/** Per counter `_id`: its organization and the amounts to add. */
export type CounterDeltas = Map<string, { code: string; metrics: CounterMetrics }>;

export const counterId = (coll: string, code: string) => `${coll}:${code}`;
const counterLock = (coll: string) => `counters:${coll}`;

/** Runs `write` holding the counter lock of `coll` (records and their counters written inside). */
export const withCounterLock = <T>(db: mongo.Db, coll: string, write: () => Promise<T>) =>
  withDatabaseLock(db, counterLock(coll), write);

/** The organizations whose counters a record on this path adds to (what `subtreeOf` matches). */
export function countedCodes(orgPath: readonly string[]): string[] {
  const levels = Object.values(levelFields(orgPath)).filter((c): c is string => c !== null);
  return [...new Set([NATION_CODE, ...levels])];
}

/**
 * The counter entries of one path (nation, province, city, county, school) for a collection:
 * a batch's records sit in few organizations, so each path's entries are found once per batch.
 */
export type PathEntries = Map<string, { code: string; metrics: CounterMetrics }[]>;

/** Adds `sign` × the contribution of a stored record (nothing for none or a tombstone). */
export function addContribution(
  deltas: CounterDeltas,
  coll: string,
  counted: CountedCollection,
  doc: Stored | undefined,
  sign: 1 | -1,
  paths: PathEntries = new Map(),
): void {
  if (!doc || doc.deleted === true) return;
  const metrics = counted.of(doc);
  const orgPath = (doc.orgPath as string[] | undefined) ?? [];
  const pathKey = orgPath.join('/');
  let entries = paths.get(pathKey);
  if (!entries) {
    entries = countedCodes(orgPath).map((code) => {
      const id = counterId(coll, code);
      let entry = deltas.get(id);
      if (!entry) deltas.set(id, (entry = { code, metrics: {} }));
      return entry;
    });
    paths.set(pathKey, entries);
  }
  for (const k in metrics) {
    const v = sign * metrics[k]!;
    for (const entry of entries) entry.metrics[k] = (entry.metrics[k] ?? 0) + v;
  }
}

/** The counter changes of records replaced: each `before` (stored) taken out, each `after` added. */
export function counterDeltas(
  coll: string,
  counted: CountedCollection,
  changes: readonly { before?: Stored | undefined; after?: Stored | undefined }[],
): CounterDeltas {
  const deltas: CounterDeltas = new Map();
  const paths: PathEntries = new Map();
  for (const { before, after } of changes) {
    addContribution(deltas, coll, counted, before, -1, paths);
    addContribution(deltas, coll, counted, after, 1, paths);
  }
  return deltas;
}

/** Adds the deltas to the stored counters: one upserted `$inc` per organization, in one bulkWrite. */
export async function applyCounterDeltas(
  counters: mongo.Collection,
  coll: string,
  deltas: CounterDeltas,
): Promise<void> {
  const ops: mongo.AnyBulkWriteOperation[] = [];
  for (const [_id, { code, metrics }] of deltas) {
    const inc = Object.fromEntries(Object.entries(metrics).filter(([, v]) => v !== 0));
    if (Object.keys(inc).length === 0) continue;
    ops.push({
      updateOne: { filter: { _id } as never, update: { $inc: inc, $set: { coll, code } }, upsert: true },
    });
  }
  if (ops.length > 0) await counters.bulkWrite(ops, { ordered: false });
}

/** The counters of one organization, per counted collection (zeros where none is stored): one read by `_id`. */
export async function readCounters<C extends string>(
  counters: mongo.Collection,
  colls: readonly C[],
  code: string,
): Promise<Record<C, CounterMetrics>> {
  const rows = await counters.find({ _id: { $in: colls.map((c) => counterId(c, code)) } } as never).toArray();
  const byId = new Map(rows.map((r) => [String(r._id), r as unknown as CounterMetrics]));
  return Object.fromEntries(colls.map((c) => [c, byId.get(counterId(c, code)) ?? {}])) as Record<
    C,
    CounterMetrics
  >;
}

const BATCH = 1000;

/**
 * Rebuilds the counters of one collection from its records (`live`: the filter of those that
 * count), under its counter lock: no write lands between the read and the counters written, so
 * the result is exact with writers running, and running it twice writes the same values. One
 * pass over the collection (for a first start or a command, not for requests). Returns the
 * counter documents written.
 */
export async function recountCollection(options: {
  db: mongo.Db;
  counters: mongo.Collection;
  coll: string;
  counted: CountedCollection;
  records: mongo.Collection;
  live?: mongo.Filter<mongo.Document>;
}): Promise<number> {
  const { counters, coll, counted } = options;
  return withCounterLock(options.db, coll, async () => {
    const totals: CounterDeltas = new Map();
    const projection = Object.fromEntries(['orgPath', 'deleted', ...counted.fields].map((f) => [f, 1]));
    const rows = options.records.find(options.live ?? {}, { projection, batchSize: BATCH });
    const paths: PathEntries = new Map();
    for await (const row of rows) addContribution(totals, coll, counted, row, 1, paths);
    const ops = [...totals].map(([_id, { code, metrics }]) => ({
      replaceOne: { filter: { _id } as never, replacement: { coll, code, ...metrics }, upsert: true },
    }));
    for (let i = 0; i < ops.length; i += BATCH)
      await counters.bulkWrite(ops.slice(i, i + BATCH), { ordered: false });
    // Organizations left with no record of the collection.
    const stored = await counters.find({ coll }, { projection: { _id: 1 } }).toArray();
    const stale = stored.map((r) => r._id).filter((id) => !totals.has(String(id)));
    if (stale.length > 0) await counters.deleteMany({ _id: { $in: stale } });
    return ops.length;
  });
}
