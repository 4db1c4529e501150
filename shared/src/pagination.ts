import { Types, type Model } from 'mongoose';
import { errors } from './errors.ts';

/**
 * Relay-style cursor pagination over a mongoose model, by keyset (sort field + _id), so a
 * page costs the same at any depth and concurrent inserts never shift or repeat a page.
 */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Resolved only when the client asks for it (a count is a second query). */
  totalCount: () => Promise<number>;
}

export interface PaginateOptions {
  filter?: Record<string, unknown>;
  /** Field to order by; `_id` breaks ties. Defaults to `_id`. */
  sortField?: string;
  /**
   * The sort field is unique (a code, or a key that ends with the `_id`): no `_id` tie-break, so
   * "after the cursor" is one range on one field, which an index on (…, sortField) serves on both
   * databases (the embedded one does not push an `$or` down).
   */
  uniqueSort?: boolean;
  direction?: 1 | -1;
  defaultPageSize?: number;
  maxPageSize?: number;
  projection?: Record<string, 0 | 1>;
  /** totalCount when asked (default: countDocuments of the filter), e.g. from counters kept on write. */
  count?: () => Promise<number>;
}

type CursorValue = string | number | boolean | null | { d: string } | { o: string };

function encodeValue(v: unknown): CursorValue {
  if (v instanceof Date) return { d: v.toISOString() };
  if (v instanceof Types.ObjectId) return { o: v.toHexString() };
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

function decodeValue(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && v && 'd' in v && typeof v.d === 'string') {
    const date = new Date(v.d);
    if (Number.isNaN(date.getTime())) throw errors.invalidCursor();
    return date;
  }
  if (typeof v === 'object' && v && 'o' in v && typeof v.o === 'string' && Types.ObjectId.isValid(v.o)) {
    return new Types.ObjectId(v.o);
  }
  throw errors.invalidCursor();
}

export function encodeCursor(sortField: string, doc: Record<string, unknown>): string {
  const payload = { f: sortField, v: encodeValue(getPath(doc, sortField)), i: encodeValue(doc._id) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(sortField: string, cursor: string): { value: unknown; id: unknown } {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw errors.invalidCursor();
  }
  if (
    !payload ||
    typeof payload !== 'object' ||
    !('f' in payload) ||
    payload.f !== sortField ||
    !('i' in payload)
  ) {
    throw errors.invalidCursor();
  }
  const p = payload as { v?: unknown; i: unknown };
  return { value: decodeValue(p.v ?? null), id: decodeValue(p.i) };
}

function getPath(doc: Record<string, unknown>, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Validates `first` against the list's bounds. */
export function pageSize(first: number | null | undefined, defaultSize = 20, max = 100): number {
  if (first === null || first === undefined) return Math.min(defaultSize, max);
  if (!Number.isInteger(first) || first < 1 || first > max) throw errors.pageSize(max, first);
  return first;
}

/** The keyset condition "after this cursor" for the given order. */
export function afterCondition(
  sortField: string,
  direction: 1 | -1,
  cursor: string,
  uniqueSort = false,
): Record<string, unknown> {
  const { value, id } = decodeCursor(sortField, cursor);
  const op = direction === 1 ? '$gt' : '$lt';
  if (sortField === '_id') return { _id: { [op]: id } };
  if (uniqueSort && value !== null) return { [sortField]: { [op]: value } };
  const or = [{ [sortField]: { [op]: value } }, { [sortField]: value, _id: { [op]: id } }];
  if (value === null) return { $or: or };
  // The same rows, with a range on the sort field beside the `$or`: an index on (…, sortField,
  // _id) starts at the cursor (the embedded database serves ranges, not `$or`).
  return { [sortField]: { [direction === 1 ? '$gte' : '$lte']: value }, $or: or };
}

const isOperators = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => k.startsWith('$'));

/**
 * `filter` and `condition` both: merged into one flat filter when their fields do not clash (or
 * both hold operators, like a prefix range and the cursor's), as the embedded database's sorted
 * pages read an index for flat filters; `$and` otherwise.
 */
function withCondition(filter: Record<string, unknown>, condition: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...filter };
  for (const [field, value] of Object.entries(condition)) {
    if (field.startsWith('$')) return { $and: [filter, condition] };
    const mine = filter[field];
    if (mine === undefined) merged[field] = value;
    else if (isOperators(mine) && isOperators(value) && Object.keys(value).every((k) => !(k in mine)))
      merged[field] = { ...mine, ...value };
    else return { $and: [filter, condition] };
  }
  return merged;
}

/** Any mongoose model, whatever its document, virtuals or helpers. */
export type AnyModel = Model<any, any, any, any, any, any>;

export async function paginate<T extends Record<string, unknown>>(
  model: AnyModel,
  args: PageArgs,
  options: PaginateOptions = {},
): Promise<Connection<T>> {
  const { filter = {}, sortField = '_id', direction = 1, defaultPageSize = 20, maxPageSize = 100 } = options;
  const size = pageSize(args.first, defaultPageSize, maxPageSize);
  const query = args.after
    ? withCondition(filter, afterCondition(sortField, direction, args.after, options.uniqueSort))
    : filter;
  const sort: Record<string, 1 | -1> =
    sortField === '_id' || options.uniqueSort
      ? { [sortField]: direction }
      : { [sortField]: direction, _id: direction };
  const rows = (await model
    .find(query, options.projection)
    .sort(sort)
    .limit(size + 1)
    // One round trip for the whole page (the server's default first batch is 101 documents).
    .batchSize(size + 1)
    .lean()
    .exec()) as unknown as T[];
  const hasNextPage = rows.length > size;
  const nodes = hasNextPage ? rows.slice(0, size) : rows;
  return toConnection(
    nodes,
    sortField,
    hasNextPage,
    Boolean(args.after),
    options.count ?? (() => model.countDocuments(filter).exec()),
  );
}

export function toConnection<T extends Record<string, unknown>>(
  nodes: T[],
  sortField: string,
  hasNextPage: boolean,
  hasPreviousPage: boolean,
  count: () => Promise<number>,
): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: encodeCursor(sortField, node), node }));
  let total: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => (total ??= count()),
  };
}

/** SDL every subgraph can include for its connections. */
export const pageInfoTypeDefs = /* GraphQL */ `
  "Relay page information."
  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }
`;
