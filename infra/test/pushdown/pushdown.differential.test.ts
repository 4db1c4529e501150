import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDocs,
  generateFilters,
  indexes,
  numbers,
  pick,
  scalars,
  seededRandom,
  strings,
  type Doc,
  type Filter,
} from './pushdownCases.ts';
import { asSet, describeFilter, startTwoDatabases, type TwoDatabases } from './twoDatabases.ts';

const { Double, Int32, Long, ObjectId } = mongoose.mongo;

// Patches 0003/0004 (infra/ferretdb/patches/README.md): every answer of the patched database must
// equal FerretDB's own answer computed in Go over the whole collection (-disable-pushdown).
const TIMEOUT = 90_000;
const docs = generateDocs(300);
const filters = generateFilters(150);
// Counts: some generated filters, and the equality shapes counted in SQLite (patch 0007).
const countFilters = [
  ...filters.filter((_, i) => i % 5 === 0),
  ...strings.map(
    (x, i) =>
      [
        { s: x },
        { t: x, county: '330103' },
        { m: { $in: [x, strings[(i + 5) % strings.length]!, true] } },
        { _id: `id-${7 * i}`, s: { $eq: x } },
      ][i % 4]!,
  ),
  { m: true },
  { m: false, county: { $in: ['330102', '330104'] } },
];
const sorts: Record<string, 1 | -1>[] = [
  { s: 1, _id: 1 },
  { s: -1, _id: -1 },
  { n: 1, _id: 1 },
  { county: 1, s: 1, _id: 1 },
  { _id: 1 },
  { 'a.b': 1, _id: 1 },
  { m: -1, _id: 1 },
  { m: 1, _id: 1 },
  { t: 1, _id: 1 },
  { n: 1, s: -1, _id: 1 },
];

async function load(db: TwoDatabases['pushed'], name: string): Promise<void> {
  const coll = db.collection<Doc>(name);
  await coll.insertMany(docs.map((d) => ({ ...d })));
  for (const key of indexes) await coll.createIndex(key);
}

/** Runs op for every filter on both databases; returns the first disagreements. */
async function disagreements(
  dbs: TwoDatabases,
  cases: Filter[],
  op: (db: TwoDatabases['pushed'], filter: Filter, i: number) => Promise<unknown>,
): Promise<string[]> {
  const out: string[] = [];
  for (const [i, filter] of cases.entries()) {
    const [pushed, reference] = await dbs.both((db) => op(db, filter, i));
    if (pushed !== reference)
      out.push(
        `${describeFilter(filter)}\n  pushed:    ${pushed.slice(0, 300)}\n  reference: ${reference.slice(0, 300)}`,
      );
    if (out.length >= 5) break;
  }
  return out;
}

/**
 * Each list `$in` on each field, against the same list cut into pieces of 8 under `$or` (which
 * stays under the long-list path), on the pushed or the reference database by turns: the
 * fields and lists whose answers differ.
 */
async function splitInDisagreements(
  dbs: TwoDatabases,
  lists: readonly unknown[][],
  fields: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const [i, list] of lists.entries())
    for (const f of fields) {
      const pieces = Array.from({ length: Math.ceil(list.length / 8) }, (_, k) => ({
        [f]: { $in: list.slice(k * 8, k * 8 + 8) },
      }));
      const db = i % 2 ? dbs.pushed : dbs.reference;
      const whole = asSet(
        await db
          .collection('c')
          .find({ [f]: { $in: list } })
          .toArray(),
      );
      const split = asSet(await db.collection('c').find({ $or: pieces }).toArray());
      if (JSON.stringify(whole) !== JSON.stringify(split)) found.push(`${f} $in list ${i}`);
    }
  return found;
}

describe('embedded database pushdown (differential against FerretDB without pushdown)', () => {
  let dbs: TwoDatabases;
  beforeAll(async () => {
    dbs = await startTwoDatabases('pushdown_diff');
    await Promise.all([load(dbs.pushed, 'c'), load(dbs.reference, 'c')]);
  });
  afterAll(async () => dbs?.stop());

  // Two cores shared by several processes: each test sends a few hundred queries to each database.
  it(
    'finds the same documents for every generated filter (equality, $eq, $in, ranges, $and; arrays, nulls, mixed types, dotted paths)',
    async () => {
      const found = await disagreements(dbs, filters, async (db, filter) =>
        asSet(await db.collection('c').find(filter).toArray()),
      );
      expect(found).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'finds with a long $in list what its short pieces find (strings looked up in a set; numbers, arrays, nulls as before)',
    async () => {
      const rnd = seededRandom(5);
      const lists = Array.from({ length: 12 }, (_, i) =>
        Array.from({ length: 16 + i * 7 }, () => (rnd() < 0.7 ? pick(rnd, strings) : pick(rnd, scalars))),
      );
      expect(await splitInDisagreements(dbs, lists, ['s', 'm', 't', 'a.b'])).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'finds with a long $in list of ObjectIds, numbers, dates or booleans what its short pieces find, and exactly the listed ObjectIds by _id (patch 0014)',
    async () => {
      const rnd = seededRandom(14);
      const idOf = (i: number) => new ObjectId(i.toString(16).padStart(24, '0'));
      // ids of stored documents (every 7th is stored under a string id: a miss), their hex as strings
      // (never equal to an ObjectId), and ids stored nowhere
      const listed = Array.from({ length: 120 }, (_, k) => 3 * k);
      const objectIds = [
        ...listed.map(idOf),
        ...listed.slice(0, 20).map((i) => idOf(i).toHexString()),
        ...Array.from({ length: 20 }, (_, k) => idOf(10_000 + k)),
      ];
      const misses = Array.from({ length: 40 }, (_, k) => idOf(20_000 + k));
      const mixedNumbers = [
        ...numbers,
        new Int32(-0),
        Long.fromNumber(0),
        new Double(10),
        Long.fromNumber(2),
        new Double(-3),
        new Double(2 ** 63),
        Long.fromString('-9223372036854775808'),
        new Double(Infinity),
      ];
      const nonStrings = scalars.filter((v) => typeof v !== 'string');
      const lists = [
        objectIds,
        misses,
        mixedNumbers,
        [...mixedNumbers].reverse(),
        ...Array.from({ length: 6 }, (_, i) =>
          Array.from({ length: 16 + i * 9 }, () => pick(rnd, nonStrings)),
        ),
      ];
      expect(await splitInDisagreements(dbs, lists, ['_id', 'n', 'm', 'a.c.d', 't'])).toEqual([]);

      const byIdFilter: Filter = { _id: { $in: objectIds } }; // ObjectIds and strings
      const byId = await dbs.pushed.collection('c').find(byIdFilter).toArray();
      const expected = listed.filter((i) => i < docs.length && i % 7 !== 0).map((i) => idOf(i).toHexString());
      expect(byId.map((d) => (d._id as InstanceType<typeof ObjectId>).toHexString()).sort()).toEqual(
        expected.sort(),
      );
      expect(await dbs.pushed.collection('c').countDocuments({ _id: { $in: misses } })).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'returns the same page in the same order for sorted, skipped and limited queries',
    async () => {
      const rnd = seededRandom(7);
      const skips = filters.map(() => (rnd() < 0.3 ? Math.floor(rnd() * 10) : 0));
      const found = await disagreements(dbs, filters, async (db, filter, i) => {
        const [limit, skip, sort] = [[1, 5, 20, 0][i % 4]!, skips[i]!, sorts[i % sorts.length]!];
        const page = await db.collection('c').find(filter).sort(sort).skip(skip).limit(limit).toArray();
        return { sort, skip, limit, ids: page.map((d) => d._id), page };
      });
      expect(found).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'returns every sorted page of strings whose JSON text sorts differently (escapes, spaces, prefixes), numbers and arrays',
    async () => {
      // One document per value: every page boundary falls once on each value.
      const values = [...strings, ...strings.map((x) => `${x}Z`), 5, -1, null, ['ab', 'Zhang'], ['zz']];
      const edge = values.map((s, i) => ({ _id: i, s, k: i % 2 }));
      await Promise.all(
        [dbs.pushed, dbs.reference].map(async (db) => {
          await db
            .collection<{ _id: number; s: unknown; k: number }>('edge')
            .insertMany(edge.map((d) => ({ ...d })));
          await db.collection('edge').createIndex({ s: 1 });
        }),
      );
      const cases = edge.flatMap((_, i) => [{ limit: i + 1 }, { limit: 2, skip: i }, { limit: i + 1, k: 1 }]);
      const found = await disagreements(dbs, cases, async (db, c) => {
        const filter = 'k' in c ? { k: c.k } : {};
        const page = await db
          .collection('edge')
          .find(filter)
          .sort({ s: 1, _id: 1 })
          .skip(Number(c.skip ?? 0))
          .limit(Number(c.limit))
          .toArray();
        return page.map((d) => d._id);
      });
      expect(found).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'returns the same keyset pages through a compound index (equality on its leading fields, range and sort on the next; arrays, escapes, other types)',
    async () => {
      const rnd = seededRandom(11);
      const keyset = generateDocs(400, 23).map((d, i) => ({
        ...d,
        s: i % 9 === 0 ? d.s : pick(rnd, strings), // mostly strings, sometimes anything
        g: i % 13 === 0 ? ['a', 'b'] : pick(rnd, ['a', 'b', 'c']),
      }));
      await Promise.all(
        [dbs.pushed, dbs.reference].map(async (db) => {
          await db.collection<Doc>('keyset').insertMany(keyset.map((d) => ({ ...d })));
          await db.collection('keyset').createIndex({ g: 1, county: 1, s: 1 });
          await db.collection('keyset').createIndex({ county: 1, s: 1 });
          await db.collection('keyset').createIndex({ s: 1 });
        }),
      );
      const bounds = [undefined, ...strings.filter((_, i) => i % 2 === 0)];
      const cases = bounds.flatMap((bound, i) =>
        ['330102', '330105', 'nowhere'].map((county, j) => {
          const range = bound === undefined ? {} : { s: { [i % 3 ? '$gt' : '$gte']: bound } };
          const eq = j === 1 ? { county: { $eq: county } } : { county };
          return {
            filter: { ...eq, ...range, ...(i % 4 === 1 ? { g: 'b' } : {}) },
            limit: [1, 3, 10, 50][(i + j) % 4]!,
          };
        }),
      );
      const found = await disagreements(dbs, cases, async (db, c) =>
        (
          await db
            .collection('keyset')
            .find(c.filter as Filter)
            .sort({ s: 1, _id: 1 })
            .limit(Number(c.limit))
            .toArray()
        ).map((d) => d._id),
      );
      expect(found).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'counts the same with countDocuments, the count command and estimatedDocumentCount',
    async () => {
      const found = await disagreements(dbs, countFilters, async (db, filter, i) => [
        await db.collection('c').countDocuments(filter, i % 3 === 0 ? { limit: 3, skip: 1 } : {}),
        await db.command({ count: 'c', query: filter, ...(i % 4 === 1 ? { skip: 2, limit: 1 } : {}) }),
        await db.collection('c').estimatedDocumentCount(),
        await db
          .collection('c')
          .aggregate([{ $match: filter }, { $skip: i % 2 }, { $group: { _id: 1, n: { $sum: 1 } } }])
          .toArray(),
      ]);
      expect(found).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'updates, deletes and findAndModifies the same documents, and later reads follow changed indexed fields',
    async () => {
      await Promise.all([load(dbs.pushed, 'w'), load(dbs.reference, 'w')]);
      const writes = filters.slice(0, 60);
      const found = await disagreements(dbs, writes, async (db, filter, i) => {
        const w = db.collection<Doc>('w');
        // updateOne/deleteOne without a sort may pick any matching document (MongoDB too), so
        // only operations whose effect does not depend on the order of the matches are compared.
        switch (i % 3) {
          case 0:
            return w.updateMany(filter, { $set: { s: `updated-${i}`, 'x.y': i }, $unset: { m: '' } });
          case 1:
            return w.findOneAndUpdate(filter, { $set: { county: 'moved' } }, { sort: { _id: 1 } });
          default:
            return w.deleteMany(filter);
        }
      });
      expect(found).toEqual([]);
      const after = await disagreements(
        dbs,
        [...writes, { s: 'updated-0' }, { county: 'moved' }],
        async (db, filter) => asSet(await db.collection('w').find(filter).toArray()),
      );
      expect(after).toEqual([]);
      const [all] = await dbs.both(async (db) => asSet(await db.collection('w').find().toArray()));
      expect(all).toBe((await dbs.both(async (db) => asSet(await db.collection('w').find().toArray())))[1]);
    },
    TIMEOUT,
  );
});
