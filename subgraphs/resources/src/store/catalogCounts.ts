import { withDatabaseLock, type Logger } from '@edugraph/shared';
import { Schema, type Connection, type Model, type mongo, type Types } from 'mongoose';
import type { ResourcesStore } from './index.ts';
import { indexMarkers } from './indexMarkers.ts';

/**
 * The catalog's counts kept on write: what a browse without a keyword reads for its facets and
 * its `totalCount` instead of grouping the resources (at 1,000,000 resources one facet's
 * `$group` took 215 s on the embedded database and grew it past 19 GB).
 *
 * One document per (organization on the owner's path, status, depth of the audience on that
 * path), `_id` `<code>|<status>|<depth>`, holding one count per cell: a combination of the
 * facet values and the sharing state (`cellKey`). A resource adds 1 to the cell of its values
 * in the document of each organization on its path, so a document sums an organization's
 * subtree, and the audience's depth (the audience is always on the owner's path: the nation,
 * the province or the school) tells, for a caller on that path, whether the caller sees it
 * published (`search/catalogFacets.ts`). The documents' size grows with the vocabulary of the
 * facets (796 cells per document for the bench catalog), not with the resources.
 *
 * Writers change the counts holding one lock (`COUNT_LOCK`): `$inc` is atomic on MongoDB but
 * the embedded database reads and rewrites the document in two steps. What a resource was
 * counted as is its newest search entry (`searchIndex.ts` moves both under the lock).
 */
export interface CountedFields {
  status: string;
  audience: string;
  orgPath: readonly string[];
  stage: string;
  subject: string;
  grade: number | null;
  edition: string | null;
  kind: string;
  originLevel: string;
  sharingState: string;
}

/** The values a cell is made of, in its key's order. */
export const CELL_FIELDS = [
  'sharingState',
  'stage',
  'subject',
  'grade',
  'edition',
  'kind',
  'originLevel',
] as const;
export type CellField = (typeof CELL_FIELDS)[number];
export type Cell = Record<CellField, string>;

/** A field name holds no `.` and starts with no `$`: each value is percent-encoded, dots too. */
const escape = (v: string) => encodeURIComponent(v).replace(/\./g, '%2E');

/** A resource's cell: its values as strings ('' for none). */
export function cellOf(doc: CountedFields): Cell {
  return Object.fromEntries(CELL_FIELDS.map((f) => [f, doc[f] === null ? '' : String(doc[f])])) as Cell;
}

export function cellKey(doc: CountedFields): string {
  const cell = cellOf(doc);
  return CELL_FIELDS.map((f) => escape(cell[f])).join('|');
}

export function parseCell(key: string): Cell {
  const parts = key.split('|').map(decodeURIComponent);
  return Object.fromEntries(CELL_FIELDS.map((f, i) => [f, parts[i] ?? ''])) as Cell;
}

export const countsId = (code: string, status: string, depth: number) => `${code}|${status}|${depth}`;

/** Deepest audience depth a counts document can have (nation, province, city, county, school). */
export const MAX_DEPTH = 7;

export interface CountsDoc {
  _id: string;
  /** The organization whose subtree the document sums, and its path (nation first). */
  code: string;
  path: string[];
  status: string;
  /** The depth of the resources' audience on their owner's path (0: the nation). */
  depth: number;
  /** Resources per cell. */
  c: Record<string, number>;
}

const countsSchema = new Schema(
  {
    _id: String,
    code: String,
    path: [String],
    status: String,
    depth: Number,
    c: Schema.Types.Mixed,
  },
  { collection: 'catalogcounts', versionKey: false },
);
/** An organization's path, for a browse filtered to it (`pathOf`). */
countsSchema.index({ code: 1 });

export type CountsModel = Model<CountsDoc>;
export const countsModel = (conn: Connection): CountsModel =>
  (conn.models.CatalogCounts as CountsModel | undefined) ??
  conn.model<CountsDoc>('CatalogCounts', countsSchema);

/** Per counts document: its fields and the amounts to add per cell. */
type Deltas = Map<
  string,
  { code: string; path: string[]; status: string; depth: number; inc: Map<string, number> }
>;

/** Adds `sign` × one resource to the documents of every organization on its path. */
function addResource(deltas: Deltas, doc: CountedFields, sign: 1 | -1): void {
  const depth = doc.orgPath.indexOf(doc.audience);
  const key = cellKey(doc);
  doc.orgPath.forEach((code, i) => {
    const id = countsId(code, doc.status, depth);
    let entry = deltas.get(id);
    if (!entry)
      deltas.set(
        id,
        (entry = { code, path: doc.orgPath.slice(0, i + 1), status: doc.status, depth, inc: new Map() }),
      );
    entry.inc.set(key, (entry.inc.get(key) ?? 0) + sign);
  });
}

/** The count changes of resources going from `before` (what they were counted as, if anything) to `after` (if any). */
export function countDeltas(
  changes: Iterable<{ before?: CountedFields | undefined; after?: CountedFields | undefined }>,
): Deltas {
  const deltas: Deltas = new Map();
  for (const { before, after } of changes) {
    if (before && after && sameCount(before, after)) continue;
    if (before) addResource(deltas, before, -1);
    if (after) addResource(deltas, after, 1);
  }
  return deltas;
}

/** Whether two states of a resource are counted in the same cells. */
export function sameCount(a: CountedFields, b: CountedFields): boolean {
  return (
    a.status === b.status &&
    a.audience === b.audience &&
    a.orgPath.join('/') === b.orgPath.join('/') &&
    cellKey(a) === cellKey(b)
  );
}

const countsOf = (store: ResourcesStore) =>
  store.catalogCounts.collection as unknown as mongo.Collection<CountsDoc>;

/** Adds the deltas: one upserted `$inc` per document, in one bulkWrite. Call holding the lock. */
async function applyDeltas(store: ResourcesStore, deltas: Deltas): Promise<void> {
  const ops: mongo.AnyBulkWriteOperation<CountsDoc>[] = [];
  for (const [_id, { code, path, status, depth, inc }] of deltas) {
    const amounts = Object.fromEntries([...inc].filter(([, n]) => n !== 0).map(([k, n]) => [`c.${k}`, n]));
    if (Object.keys(amounts).length === 0) continue;
    ops.push({
      updateOne: {
        filter: { _id },
        update: { $inc: amounts, $set: { code, path, status, depth } },
        upsert: true,
      },
    });
  }
  if (ops.length > 0) await countsOf(store).bulkWrite(ops, { ordered: false });
}

const COUNT_LOCK = 'counters:catalog';

/** Runs `work` holding the catalog counts' lock (every change to the counts is made inside). */
export const withCountLock = <T>(store: ResourcesStore, work: () => Promise<T>) =>
  withDatabaseLock(store.resources.db.db!, COUNT_LOCK, work);

/** Moves the counts of resources from what they were counted as to what they are now. Call holding the lock. */
export async function moveCounts(
  store: ResourcesStore,
  changes: Iterable<{ before?: CountedFields | undefined; after?: CountedFields | undefined }>,
): Promise<void> {
  await applyDeltas(store, countDeltas(changes));
}

/** Counts new resources (a bulk load): one lock and one bulkWrite per call. */
export async function countNewResources(
  store: ResourcesStore,
  docs: readonly CountedFields[],
): Promise<void> {
  if (docs.length === 0) return;
  const deltas = countDeltas(docs.map((after) => ({ after })));
  await withCountLock(store, () => applyDeltas(store, deltas));
}

/** The counts documents with these ids (absent ones have no resource). */
export async function readCounts(store: ResourcesStore, ids: readonly string[]): Promise<CountsDoc[]> {
  if (ids.length === 0) return [];
  return countsOf(store)
    .find({ _id: { $in: [...ids] } })
    .toArray();
}

/** The path of an organization that owns resources (from its counts), or null when none does. */
export async function pathOf(store: ResourcesStore, code: string): Promise<string[] | null> {
  const doc = await countsOf(store).findOne({ code }, { projection: { path: 1 } });
  return doc?.path ?? null;
}

/** The fields the counts read of a stored resource. */
export const COUNTED_SOURCE = {
  status: 1,
  audience: 1,
  orgPath: 1,
  stage: 1,
  subject: 1,
  grade: 1,
  edition: 1,
  kind: 1,
  originLevel: 1,
  sharing: 1,
} as const;

export interface StoredCounted {
  _id: Types.ObjectId;
  status?: string | null;
  audience: string;
  orgPath: string[];
  stage: string;
  subject: string;
  grade?: number | null;
  edition?: string | null;
  kind: string;
  originLevel: string;
  sharing?: { state?: string | null } | null;
}

/** What a stored resource is counted as. */
export function countedOf(doc: StoredCounted): CountedFields {
  return {
    status: doc.status ?? 'DRAFT',
    audience: doc.audience,
    orgPath: doc.orgPath,
    stage: doc.stage,
    subject: doc.subject,
    grade: doc.grade ?? null,
    edition: doc.edition ?? null,
    kind: doc.kind,
    originLevel: doc.originLevel,
    sharingState: doc.sharing?.state ?? 'NONE',
  };
}

const COUNTS_VERSION = 'catalog-counts-v1';

export async function markCounted(store: ResourcesStore, resources: number): Promise<void> {
  await indexMarkers(store).updateOne(
    { _id: COUNTS_VERSION },
    { $set: { at: new Date(), resources } },
    { upsert: true },
  );
}

/**
 * Counts the whole catalog once, for a database without counts (one written before them, or
 * seeded without them): the resources in one pass, the counts summed in memory (as many as
 * there are cells, not resources), then written at once in place of any left by an
 * interrupted run. Like the postings build, it assumes no catalog writes meanwhile; rerun it
 * (`force`) to repair counts a crash between a write and its count left off by one.
 */
export async function buildCountsIfMissing(
  store: ResourcesStore,
  logger: Logger,
  options: { force?: boolean } = {},
): Promise<void> {
  if (!options.force && (await indexMarkers(store).findOne({ _id: COUNTS_VERSION }))) return;
  const started = performance.now();
  const deltas: Deltas = new Map();
  let count = 0;
  for await (const doc of store.resources.collection.find<StoredCounted>(
    {},
    {
      projection: COUNTED_SOURCE,
      batchSize: 5000,
    },
  )) {
    addResource(deltas, countedOf(doc), 1);
    count += 1;
  }
  await withCountLock(store, async () => {
    await countsOf(store).deleteMany({});
    await applyDeltas(store, deltas);
  });
  await markCounted(store, count);
  logger.info(
    { resources: count, documents: deltas.size, ms: Math.round(performance.now() - started) },
    'catalog counts built',
  );
}
