import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { closeDatabase, connectDatabase } from '@edugraph/shared';
import type { Connection, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResourcesStore, type ResourcesStore } from '../src/store/index.ts';
import { insertPublished } from './storeFixtures.ts';
import { insertUsageEvent } from '../src/store/usage.ts';
import { popularityOf } from '../src/store/resource.ts';
import { bumpUsage, recountUsage } from '../src/usage.ts';

describe('usage counters kept on write', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let store: ResourcesStore;

  const resource = () => insertPublished(store, '杠杆原理');
  const usageOf = async (id: Types.ObjectId) =>
    (await store.resources.findById(id, { usage: 1, popularity: 1 }).lean()) as unknown as {
      usage: { views: number; downloads: number; favorites: number; pushes: number };
      popularity: number;
    };

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'usage_counters_test' });
    store = await openResourcesStore(conn, { accessLogRetentionDays: 180 });
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('adds every one of many concurrent uses, and sets the popularity from them', async () => {
    const id = await resource();
    await Promise.all([
      ...Array.from({ length: 12 }, () => bumpUsage(store, id, { views: 1 })),
      ...Array.from({ length: 5 }, () => bumpUsage(store, id, { downloads: 1 })),
      ...Array.from({ length: 3 }, () => bumpUsage(store, id, { favorites: 1 })),
      bumpUsage(store, id, { favorites: -1 }),
    ]);
    const { usage, popularity } = await usageOf(id);
    expect(usage).toMatchObject({ views: 12, downloads: 5, favorites: 2, pushes: 0 });
    expect(popularity).toBe(popularityOf(usage));
  });

  it('counts an event once however many requests try to, and not one already counted', async () => {
    const id = await resource();
    const event = {
      resourceId: id,
      kind: 'VIEW' as const,
      userId: 'u1',
      orgPath: ['100000'],
      day: '2026-12-06',
      at: new Date(),
    };
    await insertUsageEvent(store, { ...event, dedupeKey: `VIEW:${id}:u1:2026-12-06` });
    const tries = await Promise.all(
      Array.from({ length: 4 }, () => bumpUsage(store, id, { views: 1 }, `VIEW:${id}:u1:2026-12-06`)),
    );
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect(await bumpUsage(store, id, { views: 1 }, `VIEW:${id}:u1:2026-12-06`)).toBe(false);
    expect((await usageOf(id)).usage.views).toBe(1);
  });

  it('repairs counters from the recorded events with a recount', async () => {
    const id = await resource();
    for (const u of ['a', 'b'])
      await insertUsageEvent(store, {
        resourceId: id,
        kind: 'VIEW',
        userId: u,
        orgPath: ['100000'],
        day: '2026-12-06',
        at: new Date(),
        dedupeKey: `VIEW:${id}:${u}:2026-12-06`,
      });
    await store.resources.updateOne({ _id: id }, { $set: { 'usage.views': 9 } });
    await recountUsage(store, id);
    expect((await usageOf(id)).usage).toMatchObject({ views: 2, downloads: 0 });
  });
});
