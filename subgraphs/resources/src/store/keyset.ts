import { decodeCursor, pageSize, toConnection, type AnyModel, type PageArgs } from '@edugraph/shared';

/**
 * One page of a list in the order of a unique ascending string key (`listKeys.ts`): the
 * filter plus `key > cursor`, sorted by the key, `first + 1` rows. On the embedded database the
 * page is read through the key's index, stopping once the page is full, so page 100 costs
 * about what page 1 does when the filter matches most rows (a filter matching few reads
 * further). `totalCount` counts the filter when asked.
 */
export async function keysetPage<T extends Record<string, unknown>>(
  model: AnyModel,
  filter: Record<string, unknown>,
  key: string,
  args: PageArgs,
  projection?: Record<string, 0 | 1>,
) {
  const size = pageSize(args.first, 20, 100);
  const clauses = [filter];
  if (args.after) clauses.push({ [key]: { $gt: String(decodeCursor(key, args.after).value) } });
  const rows = (await model
    .find({ $and: clauses }, projection)
    .sort({ [key]: 1 })
    .limit(size + 1)
    .lean()
    .exec()) as T[];
  return toConnection(rows.slice(0, size), key, rows.length > size, Boolean(args.after), () =>
    model.countDocuments(filter).exec(),
  );
}
