import mongoose from 'mongoose';

/**
 * Generated documents and queries for the pushdown differential test: the awkward cases of
 * MongoDB's matching rules (arrays, missing fields, nulls, mixed types, equal numbers of different
 * BSON types, escaped and non-ASCII strings, dotted paths through arrays), drawn from a seeded
 * generator so a failure can be replayed.
 */
const { Double, Int32, Long, ObjectId } = mongoose.mongo;

export type Doc = Record<string, unknown>;
export type Filter = Record<string, unknown>;

/** mulberry32: small, seeded, good enough to pick cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const oids = ['65a000000000000000000001', '65a000000000000000000002', '65b0000000000000000000ff'].map(
  (h) => new ObjectId(h),
);
const dateMs = 1_700_000_000_000;

/** Strings whose JSON text (how sjson stores them) sorts or escapes differently from the string. */
export const strings = [
  'Zhang',
  'Zhang San',
  'Zhang!',
  'Zhang\u0001',
  'Zhangs',
  'zhang',
  '张三',
  '张三丰',
  '張',
  'a"b',
  'a\\b',
  'x<y',
  'x&y',
  'x>y',
  'line\u2028sep',
  'é',
  'e\u0301',
  '',
  ' ',
  'ab',
  'abc',
  'ab c',
  'ab\u0000',
  '1',
  '10',
  '2',
  'true',
  'null',
  '65a000000000000000000001',
  'Ω',
  '😀',
  '[1]',
  '\\',
  'a\u2028',
  'ab\u2028',
  'A<',
  'A;',
  'A',
  'x\ufffd',
  'Zhang Sa',
  '张\u2029',
];

export const numbers = [
  new Int32(1),
  Long.fromNumber(1),
  new Double(1),
  new Int32(0),
  new Double(-0),
  new Double(1.5),
  new Int32(-3),
  Long.fromNumber(-3),
  new Int32(10),
  new Int32(2),
  Long.fromString('9007199254740993'),
  new Double(2 ** 53),
  Long.fromString('9007199254740992'),
  new Double(1e21),
  new Double(0.1),
  Long.fromNumber(dateMs),
  new Double(dateMs),
  new Double(-2.5),
  new Double(1e-7),
];

export const others = [true, false, null, new Date(dateMs), new Date(0), new Date(-1000), ...oids];

export const scalars: unknown[] = [...strings, ...numbers, ...others];

export function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

/** A value for a field that is mostly of one kind but sometimes anything, array or missing. */
function value(rnd: () => number, usual: readonly unknown[]): unknown {
  const r = rnd();
  if (r < 0.6) return pick(rnd, usual);
  if (r < 0.75) return pick(rnd, scalars);
  if (r < 0.85) return Array.from({ length: Math.floor(rnd() * 4) }, () => pick(rnd, scalars));
  if (r < 0.88) return [{ x: pick(rnd, scalars) }, pick(rnd, usual)]; // FerretDB refuses nested arrays
  if (r < 0.9) return { x: pick(rnd, scalars) };
  return undefined;
}

/** `a`: an embedded document, an array of them, a scalar or missing, so `a.b` crosses arrays. */
function nested(rnd: () => number): unknown {
  const r = rnd();
  const inner = () => ({ b: value(rnd, strings), c: { d: value(rnd, numbers) } });
  if (r < 0.5) return inner();
  if (r < 0.7) return Array.from({ length: 1 + Math.floor(rnd() * 3) }, inner);
  if (r < 0.8) return { b: [pick(rnd, scalars), pick(rnd, strings)], c: [{ d: pick(rnd, numbers) }] };
  if (r < 0.9) return pick(rnd, scalars);
  return undefined;
}

const counties = ['330102', '330103', '330104', '330105', '330106'];

export function generateDocs(count: number, seed = 14): Doc[] {
  const rnd = seededRandom(seed);
  const docs: Doc[] = [];
  for (let i = 0; i < count; i++) {
    const doc: Doc = { _id: i % 7 === 0 ? `id-${i}` : new ObjectId(i.toString(16).padStart(24, '0')) };
    const fields: [string, unknown][] = [
      ['county', rnd() < 0.95 ? pick(rnd, counties) : value(rnd, counties)],
      ['s', value(rnd, strings)],
      ['n', value(rnd, numbers)],
      ['m', value(rnd, scalars)],
      [
        't',
        rnd() < 0.7
          ? Array.from({ length: Math.floor(rnd() * 4) }, () => pick(rnd, strings))
          : value(rnd, strings),
      ],
      ['a', nested(rnd)],
    ];
    for (const [k, v] of fields) if (v !== undefined) doc[k] = v;
    docs.push(doc);
  }
  return docs;
}

/** The hub's kinds of indexes: single fields, a dotted path and a compound (county, s). */
export const indexes: Record<string, 1 | -1>[] = [
  { s: 1 },
  { n: 1 },
  { m: 1 },
  { t: 1 },
  { 'a.b': 1 },
  { 'a.c.d': 1 },
  { county: 1, s: 1 },
  { when: -1 },
];

export const paths = ['s', 'n', 'm', 't', 'a.b', 'a.c.d', 'county', '_id', 'a', 'missing', 'a.0.b', 'a.c'];

function operand(rnd: () => number, path: string): unknown {
  if (path === 'county') return pick(rnd, counties);
  if (path === '_id')
    return rnd() < 0.5
      ? `id-${7 * Math.floor(rnd() * 30)}`
      : pick(rnd, [...oids, new ObjectId('00000000000000000000000a')]);
  return pick(rnd, scalars);
}

/** One condition on one field: equality, $eq, $in or a range. */
function condition(rnd: () => number, path: string): unknown {
  const r = rnd();
  if (r < 0.25) return operand(rnd, path);
  if (r < 0.35) return { $eq: operand(rnd, path) };
  if (r < 0.6) return { $in: Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => operand(rnd, path)) };
  // Ranges are pushed down for strings and ObjectIds: most bounds are strings.
  const bound = () => (rnd() < 0.6 ? pick(rnd, strings) : operand(rnd, path));
  const op = pick(rnd, ['$gt', '$gte', '$lt', '$lte']);
  if (r < 0.85) return { [op]: bound() };
  const other = pick(rnd, op.startsWith('$g') ? ['$lt', '$lte'] : ['$gt', '$gte']);
  return { [op]: bound(), [other]: bound() };
}

export function generateFilters(count: number, seed = 41): Filter[] {
  const rnd = seededRandom(seed);
  const filters: Filter[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const first = pick(rnd, paths);
    const second = pick(rnd, paths);
    if (r < 0.6) filters.push({ [first]: condition(rnd, first) });
    else if (r < 0.8) filters.push({ [first]: condition(rnd, first), county: condition(rnd, 'county') });
    else filters.push({ $and: [{ [first]: condition(rnd, first) }, { [second]: condition(rnd, second) }] });
  }
  return filters;
}
