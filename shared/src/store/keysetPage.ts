import { errors } from '../errors.ts';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type AnyModel,
  type Connection,
  type PageArgs,
} from '../pagination.ts';

type Filter = Record<string, unknown>;

export interface KeysetPageOptions {
  /** Flat conditions (top-level fields): equalities and at most a range on `key`. */
  filter: Filter;
  /**
   * A top-level string field, unique among the records the filter matches, that an index holds
   * in ascending order right after the filter's equality fields (`{spaceId: 1, feedKey: 1}`).
   */
  key: string;
  defaultPageSize?: number;
  maxPageSize?: number;
  /** totalCount when asked (default: countDocuments of the filter). */
  count?: () => Promise<number>;
}

/** The filter with "key after the cursor" merged in flat (a cursor's value lies inside any range the filter has). */
function after(filter: Filter, key: string, cursor: string | null | undefined): Filter {
  if (!cursor) return filter;
  const { value } = decodeCursor(key, cursor);
  if (typeof value !== 'string') throw errors.invalidCursor();
  const current = filter[key];
  const range =
    current && typeof current === 'object' && !Array.isArray(current)
      ? Object.fromEntries(Object.entries(current).filter(([op]) => op !== '$gt' && op !== '$gte'))
      : {};
  return { ...filter, [key]: { ...range, $gt: value } };
}

/**
 * A page in ascending order of one unique string key. Why not `paginate`: the embedded database
 * reads a sorted page from a compound index only when the filter's equalities and the key's
 * lower bound are top-level fields (`{spaceId: X, feedKey: {$gt: c}}`, FerretDB patches 0005,
 * 0011); `paginate` nests its keyset condition in `$and` with an `$or` tie-break on `_id`, which
 * no index serves. A unique key needs no tie-break, so page 100 costs what page 1 does.
 */
export async function keysetPage<T extends Record<string, unknown>>(
  model: AnyModel,
  args: PageArgs,
  options: KeysetPageOptions,
): Promise<Connection<T>> {
  const size = pageSize(args.first, options.defaultPageSize ?? 20, options.maxPageSize ?? 100);
  const rows = (await model
    .find(after(options.filter, options.key, args.after))
    .sort({ [options.key]: 1 })
    .limit(size + 1)
    .batchSize(size + 1)
    .lean()
    .exec()) as unknown as T[];
  const hasNextPage = rows.length > size;
  return toConnection(
    hasNextPage ? rows.slice(0, size) : rows,
    options.key,
    hasNextPage,
    Boolean(args.after),
    options.count ?? (() => model.countDocuments(options.filter).exec()),
  );
}

/**
 * One page across several filters (e.g. the newest posts of each of a member's spaces), merged
 * in key order: each filter is read as its own `keysetPage`-shaped query, which one index seek
 * serves, where one `$in` over all of them could not be read in key order from an index.
 */
export async function mergedKeysetPage<T extends Record<string, unknown>>(
  model: AnyModel,
  args: PageArgs,
  options: Omit<KeysetPageOptions, 'filter'> & { filters: Filter[] },
): Promise<Connection<T>> {
  const size = pageSize(args.first, options.defaultPageSize ?? 20, options.maxPageSize ?? 100);
  const pages = await Promise.all(
    options.filters.map(
      (filter) =>
        model
          .find(after(filter, options.key, args.after))
          .sort({ [options.key]: 1 })
          .limit(size + 1)
          .batchSize(size + 1)
          .lean()
          .exec() as Promise<T[]>,
    ),
  );
  const key = options.key;
  const rows = pages.flat().sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1));
  const hasNextPage = rows.length > size;
  const count =
    options.count ??
    (async () =>
      (await Promise.all(options.filters.map((f) => model.countDocuments(f).exec()))).reduce(
        (a: number, b: number) => a + b,
        0,
      ));
  return toConnection(rows.slice(0, size), key, hasNextPage, Boolean(args.after), count);
}
