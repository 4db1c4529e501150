import { createRng, startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import {
  closeDatabase,
  connectDatabase,
  createLogger,
  idempotencyRequest,
  isDuplicateKeyError,
} from '@edugraph/shared';
import { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResourcesStore, type ResourcesStore } from '../src/store/index.ts';
import { advanceReceipt, insertPushes, type PushDoc, type ReceiptStatus } from '../src/store/push.ts';
import { countRegionUsageAtStart, readRegionUsage, recountRegionUsage } from '../src/store/regionUsage.ts';
import { addFavorite, insertDownloadEvent, insertUsageEvent, removeFavorite } from '../src/store/usage.ts';
import { N, PATHS } from './storeFixtures.ts';

const ORGS = Object.keys(PATHS);
const SCHOOLS = ORGS.filter((o) => o.length === 10);
const USERS = Array.from({ length: 14 }, (_, i) => ({ id: `u${i}`, org: ORGS[i % ORGS.length]! }));

describe('usage per region kept on write', () => {
  let db: EmbeddedDatabase;
  let conn: Connection;
  let store: ResourcesStore;
  const rng = createRng('region', 'usage');
  const resources = Array.from({ length: 4 }, () => new Types.ObjectId());
  const logger = createLogger({ service: 'test', level: 'silent' });

  /** What a region's usage must be: its records counted one by one (`orgPath` holds the region). */
  async function fromRecords(code: string) {
    const events = await store.usageEvents.find({ orgPath: code }, { kind: 1 }).lean();
    const pushes = await store.pushes.find({ orgPath: code }, { receipt: 1 }).lean();
    return {
      views: events.filter((e) => e.kind === 'VIEW').length,
      downloads: events.filter((e) => e.kind === 'DOWNLOAD').length,
      favorites: await store.favorites.countDocuments({ orgPath: code }),
      pushes: pushes.length,
      pushesUsed: pushes.filter((p) => p.receipt === 'USED').length,
    };
  }

  async function expectExact() {
    for (const code of [...ORGS, '110000', '3301029999'])
      expect({ code, ...(await readRegionUsage(store, code)) }).toEqual({
        code,
        ...(await fromRecords(code)),
      });
  }

  const view = (user: (typeof USERS)[number], resourceId: Types.ObjectId, day: string) =>
    insertUsageEvent(store, {
      resourceId,
      kind: 'VIEW',
      userId: user.id,
      orgPath: PATHS[user.org]!,
      day,
      at: new Date(),
      dedupeKey: `VIEW:${resourceId}:${user.id}:${day}`,
    }).catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err;
    });

  const download = (user: (typeof USERS)[number], resourceId: Types.ObjectId, idempotencyKey?: string) =>
    insertDownloadEvent(
      store,
      {
        resourceId,
        kind: 'DOWNLOAD',
        userId: user.id,
        orgPath: PATHS[user.org]!,
        day: '2026-12-07',
        at: new Date(),
      },
      idempotencyRequest('recordResourceDownload', user.id, { id: resourceId.toString(), idempotencyKey }),
    );

  const pushRow = (resourceId: Types.ObjectId, school: string) => ({
    resourceId,
    targetKind: 'SCHOOL' as const,
    targetId: school,
    targetCode: school,
    targetName: school,
    schoolId: school,
    schoolCode: school,
    orgPath: PATHS[school]!,
    pushedBy: 'p',
    pushedByOrganization: N,
    pushedAt: new Date(),
    note: null,
    receiptHistory: [],
  });

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
    conn = await connectDatabase({ uri: db.uri, dbName: 'region_usage_test' });
    store = await openResourcesStore(conn, { accessLogRetentionDays: 180 });
  });
  afterAll(async () => {
    await closeDatabase(conn);
    await db.stop();
  });

  it('counts a database written before the counters once at start', async () => {
    // Records as an earlier version (or the demo seed) stored them: no counter written.
    await store.usageEvents.insertMany(
      USERS.map((u, i) => ({
        resourceId: resources[0],
        kind: i % 3 === 0 ? 'DOWNLOAD' : 'VIEW',
        userId: u.id,
        orgPath: PATHS[u.org],
        day: '2026-12-01',
        at: new Date(),
        dedupeKey: `OLD:${i}`,
      })),
    );
    await store.favorites.insertMany(
      USERS.slice(0, 5).map((u) => ({
        userId: u.id,
        resourceId: resources[0],
        orgPath: PATHS[u.org],
        createdAt: new Date(),
      })),
    );
    await store.pushes.insertMany(
      SCHOOLS.map((s, i) => ({ ...pushRow(resources[0]!, s), receipt: i % 2 === 0 ? 'USED' : 'PUSHED' })),
    );
    expect(await readRegionUsage(store, N)).toEqual({
      views: 0,
      downloads: 0,
      favorites: 0,
      pushes: 0,
      pushesUsed: 0,
    });
    await countRegionUsageAtStart(store, logger);
    await expectExact();
    expect((await readRegionUsage(store, N)).pushes).toBe(SCHOOLS.length);
    // A later start reads its marker and counts nothing again.
    await store.counters.updateOne({ _id: `favorites:${N}` }, { $inc: { favorites: 100 } });
    await countRegionUsageAtStart(store, logger);
    expect((await readRegionUsage(store, N)).favorites).toBe(105);
    await store.counters.updateOne({ _id: `favorites:${N}` }, { $inc: { favorites: -100 } });
  });

  it('stays exact under concurrent views, downloads, favorites, pushes and receipts', async () => {
    const days = ['2026-12-06', '2026-12-07'];
    const work: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 90; i++) {
      const user = rng.pick(USERS);
      const resourceId = rng.pick(resources);
      work.push(
        rng.pick([
          // Views repeat (user, resource, day) often: a second one that day is refused, not counted.
          () => view(user, resourceId, rng.pick(days)),
          // A retried download (same key) counts once; one without a key counts each time.
          () => download(user, resourceId, rng.chance(0.5) ? `download-key-${rng.int(1, 4)}` : undefined),
          () => addFavorite(store, user.id, resourceId, PATHS[user.org]!),
          () => removeFavorite(store, user.id, resourceId),
          // Pushes to overlapping sets of schools: a school pushed before is not pushed again.
          () =>
            insertPushes(
              store,
              SCHOOLS.filter(() => rng.chance(0.5)).map((s) => pushRow(resourceId, s)),
            ),
        ]),
      );
    }
    await Promise.all(work.map((w) => w()));
    // Receipts move on, several schools racing on the same push.
    const pushes = (await store.pushes.find({}).lean()) as unknown as PushDoc[];
    const steps: [ReceiptStatus, ReceiptStatus][] = [
      ['PUSHED', 'SEEN'],
      ['PUSHED', 'USED'],
      ['SEEN', 'USED'],
    ];
    await Promise.all(
      pushes.flatMap((p) =>
        Array.from({ length: 3 }, () => {
          const [from, to] = rng.pick(steps);
          return advanceReceipt(store, p, from, { receipt: to }, { status: to, by: 's', at: new Date() });
        }),
      ),
    );
    const used = await store.pushes.countDocuments({ receipt: 'USED' });
    expect(used).toBeGreaterThan(0);
    expect(await store.favorites.countDocuments({})).toBeGreaterThan(5);
    await expectExact();
  });

  it('recounts to the same counters, and repairs counters that drifted', async () => {
    // Every stored figure but zeros (a recount leaves out organizations with none).
    const figures = async () =>
      Object.fromEntries(
        (await store.counters.find({}).lean()).flatMap(({ _id, coll: _coll, code: _code, ...metrics }) =>
          Object.entries(metrics)
            .filter(([, v]) => v !== 0)
            .map(([k, v]) => [`${_id}.${k}`, v]),
        ),
      );
    const before = await figures();
    expect(Object.keys(before).length).toBeGreaterThan(40);
    await recountRegionUsage(store);
    expect(await figures()).toEqual(before);
    await store.counters.updateOne({ _id: `usageevents:330102` }, { $inc: { views: 7 } });
    await recountRegionUsage(store);
    await expectExact();
  });

  it('reads a region with one lookup of its counters, served by the _id index', async () => {
    const plan = JSON.stringify(
      await store.counters.collection
        .find({ _id: { $in: ['usageevents:330000', 'favorites:330000', 'pushes:330000'] } } as never)
        .explain(),
    );
    expect(plan).toMatch(/USING INDEX/);
  });
});
