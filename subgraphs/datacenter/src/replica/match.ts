import { Types } from 'mongoose';

/**
 * Evaluates the MongoDB filters the datacenter builds (visibility.ts, resolvers/lists.ts,
 * indicators.ts) against in-memory records, so the replica and the database answer from one
 * definition of each filter. The subset: `$and`, `$or`, equality (an array field matches when it
 * holds the value; null matches a missing field), `$ne`, `$in`, `$gt`/`$gte`/`$lt`/`$lte`,
 * `$regex` (a string). Anything else throws, so a new filter cannot silently match nothing.
 */
export type Filter = Record<string, unknown>;
export type Doc = Record<string, unknown> & { _id: Types.ObjectId };

const plain = (v: unknown): unknown => (v instanceof Types.ObjectId ? v.toHexString() : v);

function equals(value: unknown, wanted: unknown): boolean {
  if (wanted === null) return value === null || value === undefined;
  if (Array.isArray(value)) return value.some((v) => plain(v) === plain(wanted));
  return plain(value) === plain(wanted);
}

function compare(value: unknown, wanted: unknown): number | undefined {
  const a = plain(value);
  const b = plain(wanted);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

const regexCache = new Map<string, RegExp>();

function operator(value: unknown, op: string, arg: unknown): boolean {
  switch (op) {
    case '$ne':
      return !equals(value, arg);
    case '$in':
      return (arg as unknown[]).some((a) => equals(value, a));
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const c = compare(value, arg);
      if (c === undefined) return false;
      return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
    }
    case '$regex': {
      if (typeof value !== 'string') return false;
      let re = regexCache.get(arg as string);
      if (!re) {
        re = new RegExp(arg as string);
        if (regexCache.size > 1000) regexCache.clear();
        regexCache.set(arg as string, re);
      }
      return re.test(value);
    }
    default:
      throw new Error(`the replica does not evaluate ${op}`);
  }
}

export function matches(doc: Doc, filter: Filter): boolean {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and') {
      if (!(cond as Filter[]).every((f) => matches(doc, f))) return false;
    } else if (field === '$or') {
      if (!(cond as Filter[]).some((f) => matches(doc, f))) return false;
    } else if (field.startsWith('$')) {
      throw new Error(`the replica does not evaluate ${field}`);
    } else {
      const value = doc[field];
      if (
        cond !== null &&
        typeof cond === 'object' &&
        !(cond instanceof Types.ObjectId) &&
        !Array.isArray(cond)
      ) {
        for (const [op, arg] of Object.entries(cond)) if (!operator(value, op, arg)) return false;
      } else if (!equals(value, cond)) return false;
    }
  }
  return true;
}

/**
 * Equality conditions of a filter on `field` at the top level or in a top-level `$and`: the
 * values one of which the record must hold (for choosing an index), or undefined.
 */
export function requiredValues(filter: Filter, field: string): unknown[] | undefined {
  const direct = filter[field];
  if (direct !== undefined) {
    if (direct !== null && typeof direct === 'object' && !(direct instanceof Types.ObjectId)) {
      const inList = (direct as { $in?: unknown[] }).$in;
      return Array.isArray(inList) && Object.keys(direct).length === 1 ? inList : undefined;
    }
    return [direct];
  }
  for (const sub of (filter.$and as Filter[] | undefined) ?? []) {
    const found = requiredValues(sub, field);
    if (found) return found;
  }
  return undefined;
}
