import { decodeCursor, pageSize, toConnection, type AnyModel, type PageArgs } from '@edugraph/shared';

/**
 * A filter the embedded database does not push down (a one-branch `$or`). Measured on the
 * patched FerretDB (5,000 documents): a sorted page with a limit is read through the sort key's
 * index only when no condition of the filter is pushed down — `{status}` + sort 300 ms,
 * a range on the sort key itself 550 ms (the page is then sorted in Go from every match), the
 * same filter wrapped 12 ms for the first page, 300 ms 2,000 rows in. So list pages hide their
 * filter: the page is read in key order and the filter is evaluated on the rows read, a cost
 * that grows with the depth of the page instead of with the collection. To revisit when the
 * sort pushdown serves filtered and keyset pages (infra/ferretdb/patches).
 */
export const opaque = (filter: Record<string, unknown>) => ({ $or: [filter] });

/**
 * One page of a list in the order of a unique ascending string key (`listKeys.ts`): the
 * filter plus `key > cursor`, sorted by the key, `first + 1` rows. On the embedded database the
 * page is read through the key's index from its start, stopping once the page is full (see
 * `opaque`): the first pages are cheap, a page n rows deep reads about n rows, and a filter
 * matching few rows reads further. `totalCount` counts the filter when asked, or calls `count`
 * (counts kept on write) when given.
 */
export async function keysetPage<T extends Record<string, unknown>>(
  model: AnyModel,
  filter: Record<string, unknown>,
  key: string,
  args: PageArgs,
  projection?: Record<string, 0 | 1>,
  count?: () => Promise<number>,
) {
  const size = pageSize(args.first, 20, 100);
  const clauses = [filter];
  if (args.after) clauses.push({ [key]: { $gt: String(decodeCursor(key, args.after).value) } });
  const rows = (await model
    .find(opaque({ $and: clauses }), projection)
    .sort({ [key]: 1 })
    .limit(size + 1)
    .lean()
    .exec()) as T[];
  return toConnection(
    rows.slice(0, size),
    key,
    rows.length > size,
    Boolean(args.after),
    count ?? (() => model.countDocuments(filter).exec()),
  );
}
