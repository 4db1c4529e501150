import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import { ensureModelIndexes } from '../src/store/indexes.ts';

/** Start-up index syncing on the embedded database, as the datacenter and spaces stores run it. */
describe('ensureModelIndexes', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'indexes_test' });
  });
  afterAll(async () => {
    await conn?.dropDatabase().catch(() => undefined);
    await closeDatabase(conn);
    await db?.stop();
  });

  const schema = () => {
    const s = new mongoose.Schema({ key: String, ownerId: String, level: String }, { autoIndex: false });
    s.index({ key: 1 }, { unique: true });
    s.index({ ownerId: 1 }, { unique: true, sparse: true });
    return s;
  };

  it('leaves a declared sparse unique index in place on the next start instead of rebuilding it', async () => {
    const model = conn.model('Owned', schema(), 'owned');
    await model.insertMany([{ key: 'a', ownerId: 'o1' }, { key: 'b' }, { key: 'c' }]);
    expect(await ensureModelIndexes([model])).toEqual({ dropped: [] });
    // A second start: nothing declared changed, so nothing is dropped (mongoose's own
    // syncIndexes dropped and rebuilt `ownerId_1` here, as FerretDB does not list `sparse`).
    expect(await ensureModelIndexes([model])).toEqual({ dropped: [] });
    const names = (await model.listIndexes()).map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['_id_', 'key_1', 'ownerId_1']);
    // Still unique where the field is present, and any number of records may lack it.
    await expect(model.create({ key: 'd', ownerId: 'o1' })).rejects.toMatchObject({ code: 11000 });
    await model.create({ key: 'e' });
  });

  it('drops an index the schema no longer declares and builds a newly declared one', async () => {
    const s = schema();
    s.index({ level: 1, key: 1 });
    const model = conn.model('Owned2', s, 'owned2');
    await model.insertMany([{ key: 'a', level: 'x' }]);
    await model.collection.createIndex({ retired: 1 }, { name: 'retired_1' });
    expect(await ensureModelIndexes([model])).toEqual({ dropped: ['owned2.retired_1'] });
    const names = (await model.listIndexes()).map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['_id_', 'key_1', 'level_1_key_1', 'ownerId_1']);
  });
});
