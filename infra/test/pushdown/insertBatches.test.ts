import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';

const { MongoClient, MongoBulkWriteError } = mongoose.mongo;

// Patch 0009 writes an insert command's documents 1,000 to a transaction (100 before). A batch
// that breaks a unique index is retried one document at a time, so MongoDB's answer is kept:
// an ordered insert stops at the first duplicate and names its index; an unordered one inserts
// every other document and names each duplicate.
describe('embedded database bulk inserts', () => {
  let server: EmbeddedDatabase;
  let client: mongoose.mongo.MongoClient;
  let db: mongoose.mongo.Db;

  beforeAll(async () => {
    server = await startEmbeddedDatabase();
    client = new MongoClient(server.uri, { directConnection: true });
    await client.connect();
    db = client.db('inserts');
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  /** 2,500 documents; those at `dups` repeat the registry number of the document 10 before. */
  function documents(dups: number[]) {
    return Array.from({ length: 2_500 }, (_, i) => ({
      registryNumber: `G${dups.includes(i) ? i - 10 : i}`,
      name: `学生${i}`,
      i,
    }));
  }

  async function insert(name: string, dups: number[], ordered: boolean) {
    const coll = db.collection(name);
    await coll.createIndex({ registryNumber: 1 }, { unique: true });
    await coll.createIndex({ name: 1 });
    try {
      const res = await coll.insertMany(documents(dups), { ordered });
      return { inserted: res.insertedCount, errors: [] as number[], coll };
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const errors = (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).map(
        (e) => e.index,
      );
      expect(error.code).toBe(11000);
      return { inserted: error.result.insertedCount, errors, coll };
    }
  }

  it('stops an ordered insert at the first duplicate key and names its index (in a later batch of 1,000)', async () => {
    const { inserted, errors, coll } = await insert('ordered', [1_500, 2_200], true);
    expect({ inserted, errors }).toEqual({ inserted: 1_500, errors: [1_500] });
    expect(await coll.countDocuments({})).toBe(1_500);
    expect(await coll.findOne({ i: 1_499 }, { projection: { _id: 0 } })).toEqual({
      registryNumber: 'G1499',
      name: '学生1499',
      i: 1_499,
    });
    expect(await coll.findOne({ i: 1_501 })).toBeNull();
  });

  it('inserts every other document of an unordered insert and names each duplicate', async () => {
    const { inserted, errors, coll } = await insert('unordered', [15, 999, 1_000, 2_499], false);
    expect({ inserted, errors }).toEqual({ inserted: 2_496, errors: [15, 999, 1_000, 2_499] });
    expect(await coll.countDocuments({})).toBe(2_496);
    expect(await coll.countDocuments({ registryNumber: 'G990' })).toBe(1);
    expect(await coll.findOne({ i: 1_001 }, { projection: { _id: 0, i: 1 } })).toEqual({ i: 1_001 });
  });

  it('inserts 3,000 documents in one command with every index entry readable', async () => {
    const coll = db.collection('plain');
    await coll.createIndex({ registryNumber: 1 }, { unique: true });
    await coll.insertMany(
      documents([]).concat(
        documents([])
          .slice(0, 500)
          .map((d) => ({ ...d, registryNumber: `H${d.i}` })),
      ),
    );
    expect(await coll.countDocuments({})).toBe(3_000);
    expect(await coll.find({ registryNumber: { $in: ['G0', 'G2499', 'H499'] } }).count()).toBe(3);
  });
});
