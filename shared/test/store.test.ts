import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import { databaseCapabilities } from '../src/store/capabilities.ts';
import { isDuplicateKeyError } from '../src/store/duplicateKey.ts';

describe('store helpers on the embedded database', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'store_helpers_test' });
    const keys = conn.db!.collection('keys');
    await keys.createIndex({ k: 1 }, { unique: true });
    await keys.insertMany([{ k: 'a' }, { k: 'b' }]);
  });
  afterAll(async () => {
    await conn?.dropDatabase().catch(() => undefined);
    await closeDatabase(conn);
    await db?.stop();
  });

  const failure = (write: () => Promise<unknown>) =>
    write().then(
      () => undefined,
      (err: unknown) => err,
    );

  it('tells a unique-key violation apart on an insert, an update and an unordered bulk write', async () => {
    const keys = conn.db!.collection('keys');
    expect(isDuplicateKeyError(await failure(() => keys.insertOne({ k: 'a' })))).toBe(true);
    // The embedded database answers this one with code 1, not 11000.
    expect(isDuplicateKeyError(await failure(() => keys.updateOne({ k: 'b' }, { $set: { k: 'a' } })))).toBe(
      true,
    );
    const bulk = await failure(() =>
      keys.bulkWrite([{ insertOne: { document: { k: 'a' } } }, { insertOne: { document: { k: 'c' } } }], {
        ordered: false,
      }),
    );
    expect(isDuplicateKeyError(bulk)).toBe(true);
  });

  it('does not take another server error, or a plain error, for a duplicate', async () => {
    const bad = await failure(() => conn.db!.collection('keys').updateOne({}, { $bogus: { k: 1 } } as never));
    expect(bad).toBeDefined();
    expect(isDuplicateKeyError(bad)).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000 in a message only'))).toBe(false);
    expect(isDuplicateKeyError({ code: 1, message: 'some internal error' })).toBe(false);
  });

  it('reports the embedded database: no transactions, no change streams, one accumulator per $group', async () => {
    expect(await databaseCapabilities(conn.db!)).toEqual({
      embedded: true,
      transactions: false,
      changeStreams: false,
      groupWithManyAccumulators: false,
    });
  });
});
