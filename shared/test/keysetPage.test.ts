import { Schema, type Connection, type Model } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import { closeDatabase, connectDatabase } from '../src/database.ts';
import { keysetPage, mergedKeysetPage } from '../src/store/keysetPage.ts';
import { runMigrationOnce, updateStale } from '../src/store/migrations.ts';

interface Row {
  group: string;
  key: string;
  hidden: boolean;
}

describe('keyset pages on a unique string key (embedded database)', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let Rows: Model<Row>;

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'keyset_page_test' });
    const schema = new Schema<Row>({ group: String, key: String, hidden: Boolean }, { collection: 'rows' });
    schema.index({ group: 1, key: 1 });
    Rows = conn.model<Row>('Row', schema);
    await Rows.init();
    // Keys with a space, `!`, an escape and non-ASCII text: their stored texts sort unlike the strings.
    const keys = ['a', 'a b', 'a!', 'a<b', 'ab', 'b', '班级', 'c\u2028', 'c'];
    await Rows.insertMany(
      ['x', 'y'].flatMap((group) =>
        keys.map((key, i) => ({ group, key: `${key}${group}`, hidden: i % 3 === 2 })),
      ),
    );
  });
  afterAll(async () => {
    await conn?.dropDatabase().catch(() => undefined);
    await closeDatabase(conn);
    await db?.stop();
  });

  const walk = async (read: (after: string | null) => Promise<{ nodes: Row[]; pageInfo: any }>) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page = await read(after);
      seen.push(...page.nodes.map((r) => r.key));
      if (!page.pageInfo.hasNextPage) return seen;
      after = page.pageInfo.endCursor;
    }
    throw new Error('pages never ended');
  };

  it('walks every matching record once, in key order, page by page', async () => {
    const all = (await Rows.find({ group: 'x', hidden: false }).lean()).map((r) => r.key).sort();
    const seen = await walk((after) =>
      keysetPage<Row & Record<string, unknown>>(
        Rows,
        { first: 2, after },
        {
          filter: { group: 'x', $or: [{ hidden: false }, { key: 'none' }] },
          key: 'key',
        },
      ),
    );
    expect(seen).toEqual(all);
  });

  it('keeps a range on the key and merges several filters in key order', async () => {
    const page = await keysetPage<Row & Record<string, unknown>>(
      Rows,
      { first: 50 },
      {
        filter: { group: 'y', key: { $gte: 'a', $lt: 'b' } },
        key: 'key',
      },
    );
    expect(page.nodes.map((r) => r.key)).toEqual(['ay', 'a by', 'a!y', 'a<by', 'aby'].sort());
    expect(await page.totalCount()).toBe(5);
    const merged = await walk((after) =>
      mergedKeysetPage<Row & Record<string, unknown>>(
        Rows,
        { first: 3, after },
        {
          filters: [{ group: 'x' }, { group: 'y' }],
          key: 'key',
        },
      ),
    );
    expect(merged).toEqual((await Rows.find().lean()).map((r) => r.key).sort());
  });

  it('refuses a cursor of another list', async () => {
    const other = Buffer.from(JSON.stringify({ f: 'name', v: 'a', i: null })).toString('base64url');
    await expect(keysetPage(Rows, { after: other }, { filter: {}, key: 'key' })).rejects.toMatchObject({
      extensions: { code: 'INVALID_CURSOR' },
    });
  });

  it('runs a migration once, whatever the number of starts', async () => {
    let runs = 0;
    const migrate = () => runMigrationOnce(conn.db!, 'test-migration', async () => ++runs);
    expect(await Promise.all([migrate(), migrate()])).toContain(true);
    expect(await migrate()).toBe(false);
    expect(runs).toBeLessThanOrEqual(2);
  });

  it('sets what one pass finds stale, in batches, and counts the rows it changed', async () => {
    const coll = conn.db!.collection<{ _id: number; seq: number; v?: string }>('stale_rows');
    await coll.insertMany(
      Array.from({ length: 5 }, (_, i) => ({ _id: i, seq: 1, ...(i === 3 ? { v: 'new' } : {}) })),
    );
    const changed = await updateStale(coll as never, (row) => (row._id === 0 ? undefined : { v: 'new' }), {
      guard: ['seq'],
      batch: 2,
    });
    // Row 0 is not stale; row 3 already holds the value, so it matches but does not change.
    expect(changed).toBe(3);
    expect((await coll.find().sort({ _id: 1 }).toArray()).map((r) => r.v ?? null)).toEqual([
      null,
      'new',
      'new',
      'new',
      'new',
    ]);
  });
});
