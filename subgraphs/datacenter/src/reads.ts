import {
  decodeCursor,
  pageSize,
  paginate,
  toConnection,
  type Connection,
  type PageArgs,
} from '@edugraph/shared';
import { Types, type Model } from 'mongoose';
import type { Models } from './models/index.ts';
import type { Doc, Filter } from './replica/match.ts';
import type { Replica } from './replica/replica.ts';
import type { RecordCollection } from './replica/ring.ts';

export interface PageOptions {
  filter: Filter;
  defaultPageSize: number;
  maxPageSize: number;
}

/**
 * Where a request reads records from: the service's replica when it is warm and caught up, else
 * the database. Both take the same filters, so lists, lookups and indicators are written once.
 */
export interface Reads {
  /** Records whose `field` is one of `keys`, tombstones included (`_id` keys are hex strings). */
  byKeys(coll: RecordCollection, field: string, keys: readonly string[]): Promise<Doc[]>;
  /** Matching records in `_id` order. */
  find(coll: RecordCollection, filter: Filter): Promise<Doc[]>;
  count(coll: RecordCollection, filter: Filter): Promise<number>;
  page(coll: RecordCollection, args: PageArgs, options: PageOptions): Promise<Connection<Doc>>;
}

const objectIds = (keys: readonly string[]) =>
  keys.filter((k) => /^[a-f0-9]{24}$/i.test(k)).map((k) => new Types.ObjectId(k));

export function databaseReads(models: Models): Reads {
  const model = (coll: RecordCollection) => models[coll] as unknown as Model<Doc>;
  return {
    async byKeys(coll, field, keys) {
      const values = field === '_id' ? objectIds(keys) : [...keys];
      if (values.length === 0) return [];
      return (await model(coll)
        .find({ [field]: { $in: values } } as never)
        .batchSize(values.length)
        .lean()) as unknown as Doc[];
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
    page: (coll, args, options) => paginate<Doc>(model(coll), args, options),
  };
}

export function replicaReads(replica: Replica): Reads {
  return {
    async byKeys(coll, field, keys) {
      const table = replica.table(coll);
      if (field === '_id') return keys.flatMap((k) => table.get(k.toLowerCase()) ?? []);
      return table.find({ [field]: { $in: [...keys] } });
    },
    find: async (coll, filter) => replica.table(coll).find(filter),
    count: async (coll, filter) => replica.table(coll).count(filter),
    async page(coll, args, { filter, defaultPageSize, maxPageSize }) {
      const size = pageSize(args.first, defaultPageSize, maxPageSize);
      const after = args.after ? String(decodeCursor('_id', args.after).id) : undefined;
      const nodes: Doc[] = [];
      let hasNextPage = false;
      for (const doc of replica.table(coll).scan(filter, after)) {
        if (nodes.length === size) {
          hasNextPage = true;
          break;
        }
        nodes.push(doc);
      }
      return toConnection(nodes, '_id', hasNextPage, Boolean(args.after), async () =>
        replica.table(coll).count(filter),
      );
    },
  };
}

/** The reads of one request: the replica once caught up (one ring read), else the database. */
export async function readsFor(models: Models, replica: Replica | undefined): Promise<Reads> {
  return replica && (await replica.sync()) ? replicaReads(replica) : databaseReads(models);
}
