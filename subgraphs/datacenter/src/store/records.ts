import { paginate, type Connection, type PageArgs } from '@edugraph/shared';
import { Types, type Model } from 'mongoose';
import type { RecordCollection } from './collections.ts';
import { readCounters, type Metrics } from './counters.ts';
import type { Models } from './models/index.ts';

export type Filter = Record<string, unknown>;
export type Doc = Record<string, unknown> & { _id: Types.ObjectId };

export interface PageOptions {
  filter: Filter;
  /** The list's order: this unique field (a code, or nameKey: name then `_id`), last in an index. */
  sortField: string;
  defaultPageSize: number;
  maxPageSize: number;
  /** totalCount when asked (default: a count of the filter). */
  count?: (() => Promise<number>) | undefined;
}

/**
 * The record reads every list, lookup, count and entity reference goes through. Each is one
 * command whose filter an index of the model serves (models/*.ts declare them beside the
 * schema): lookups by natural key or `_id` (`$in`), subtree conditions on the scalar level
 * fields (tenancy.ts), pages by keyset on (sort field, `_id`) so page 100 costs what page 1 does.
 */
export interface Records {
  /** Records whose `field` is one of `keys`, tombstones included (`_id` keys are hex strings). */
  byKeys(coll: RecordCollection, field: string, keys: readonly string[]): Promise<Doc[]>;
  /** Whether any record (tombstones included) has `field` in `keys`: reads one `_id` at most. */
  anyByKeys(coll: RecordCollection, field: string, keys: readonly string[]): Promise<boolean>;
  /** Matching records in `_id` order (small sets: a school's teaching points, a region's children). */
  find(coll: RecordCollection, filter: Filter): Promise<Doc[]>;
  count(coll: RecordCollection, filter: Filter): Promise<number>;
  page(coll: RecordCollection, args: PageArgs, options: PageOptions): Promise<Connection<Doc>>;
  /** The counters of one organization (its subtree's figures, zeros where none), per counted collection. */
  counters(code: string, colls: readonly RecordCollection[]): Promise<Record<string, Metrics>>;
}

const objectIds = (keys: readonly string[]) =>
  keys.filter((k) => /^[a-f0-9]{24}$/i.test(k)).map((k) => new Types.ObjectId(k));

export function createRecords(models: Models): Records {
  const model = (coll: RecordCollection) => models[coll] as unknown as Model<Doc>;
  return {
    async byKeys(coll, field, keys) {
      const values = field === '_id' ? objectIds(keys) : [...new Set(keys)];
      if (values.length === 0) return [];
      return (await model(coll)
        .find({ [field]: values.length === 1 ? values[0] : { $in: values } } as never)
        .batchSize(values.length + 1)
        .lean()) as unknown as Doc[];
    },
    async anyByKeys(coll, field, keys) {
      const values = [...new Set(keys)];
      if (values.length === 0) return false;
      return (await model(coll).exists({ [field]: { $in: values } } as never)) !== null;
    },
    async find(coll, filter) {
      return (await model(coll)
        .find(filter as never)
        .sort({ _id: 1 })
        .batchSize(10_000)
        .lean()) as unknown as Doc[];
    },
    count: (coll, filter) =>
      model(coll)
        .countDocuments(filter as never)
        .exec(),
    page: (coll, args, { sortField, ...options }) =>
      paginate<Doc>(model(coll), args, { ...options, sortField, uniqueSort: true }),
    counters: (code, colls) => readCounters(models, code, colls),
  };
}
