import { startEmbeddedDatabase } from '@edugraph/infra';
import { timedReads } from '@edugraph/infra/testing';
import { closeDatabase, connectDatabase, isDuplicateKeyError } from '@edugraph/shared';
import { Types, type mongo } from 'mongoose';
import { openResourcesStore, type ResourcesStore } from '../src/store/index.ts';
import { readRegionUsage, recountRegionUsage } from '../src/store/regionUsage.ts';
import { countNewResources, countedOf, type StoredCounted } from '../src/store/catalogCounts.ts';
import { writeBulkPostings, writeStamp, type IndexedResource } from '../src/store/postings.ts';
import { insertUsageEvent } from '../src/store/usage.ts';
import { bumpUsage } from '../src/usage.ts';
import { resourceFields } from './storeFixtures.ts';

export const part = 'region-usage';

/**
 * `Region.resourceUsage` on the embedded database: the counters kept on write
 * (src/store/regionUsage.ts) against the raw driver calls the subgraph made before them (a
 * `$group` of the events and three counts on the `orgPath` array, with the indexes it declared
 * then), for a province, a county and a school, every answer compared; the recount's time (what
 * a first start costs); and the price on the write path: views inserted concurrently through
 * the counted insert against the insert as it was before (the same mongoose `create`, no lock, no
 * counters) and raw `insertOne`s of the same events.
 * BENCH_REGION_USAGE_EVENTS (default 200,000) sets the number of events.
 */
const EVENTS = Number(process.env.BENCH_REGION_USAGE_EVENTS ?? 200_000);
const READS = Number(process.env.BENCH_REGION_USAGE_READS ?? 20);
const BASELINE_READS = Number(process.env.BENCH_REGION_USAGE_BASELINE_READS ?? 5);
const WRITES = Number(process.env.BENCH_REGION_USAGE_WRITES ?? 2000);
const CONCURRENCY = 16;

/** Two provinces × 4 cities × 5 counties × 10 schools: 400 schools, a user path each. */
function schoolPaths(): string[][] {
  const paths: string[][] = [];
  for (const p of ['330000', '440000'])
    for (let c = 1; c <= 4; c++)
      for (let k = 1; k <= 5; k++) {
        const city = `${p.slice(0, 2)}${String(c).padStart(2, '0')}00`;
        const county = `${city.slice(0, 4)}${String(k).padStart(2, '0')}`;
        for (let s = 1; s <= 10; s++)
          paths.push(['100000', p, city, county, `${county}${String(s).padStart(4, '0')}`]);
      }
  return paths;
}

/** What the subgraph ran before the counters (session 9's `countRegionUsage`), as raw driver calls. */
async function countedFromRecords(store: ResourcesStore, code: string) {
  const db = store.resources.db.db!;
  const byKind = (await db
    .collection('usageevents')
    .aggregate([{ $match: { orgPath: code } }, { $group: { _id: '$kind', n: { $sum: 1 } } }])
    .toArray()) as { _id: string; n: number }[];
  const [favorites, pushes, pushesUsed] = await Promise.all([
    db.collection('favorites').countDocuments({ orgPath: code }),
    db.collection('pushes').countDocuments({ orgPath: code }),
    db.collection('pushes').countDocuments({ orgPath: code, receipt: 'USED' }),
  ]);
  return {
    views: byKind.find((r) => r._id === 'VIEW')?.n ?? 0,
    downloads: byKind.find((r) => r._id === 'DOWNLOAD')?.n ?? 0,
    favorites,
    pushes,
    pushesUsed,
  };
}

async function inBatches(coll: mongo.Collection, docs: Iterable<Record<string, unknown>>) {
  let batch: Record<string, unknown>[] = [];
  for (const d of docs) {
    batch.push(d);
    if (batch.length === 5000) {
      await coll.insertMany(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await coll.insertMany(batch, { ordered: false });
}

/** `n` tasks, `CONCURRENCY` at a time; records per second. */
async function rate(n: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return Math.round(n / ((performance.now() - t) / 1000));
}

export async function run() {
  const db = await startEmbeddedDatabase();
  const conn = await connectDatabase({ uri: db.uri, dbName: 'bench_region_usage' });
  try {
    const store = await openResourcesStore(conn, { accessLogRetentionDays: 180 });
    const raw = conn.db!;
    // The indexes the baseline had (dropped from the schemas with the counters).
    await raw.collection('usageevents').createIndex({ orgPath: 1, kind: 1 });
    await raw.collection('favorites').createIndex({ orgPath: 1 });
    const paths = schoolPaths();
    // Published resources with their search entries and counts, for the views' full path.
    const resources = Array.from({ length: 500 }, () => new Types.ObjectId());
    const docs = resources.map((_id, i) => resourceFields(_id, `资源${i}`));
    await store.resources.insertMany(docs);
    await writeBulkPostings(store, docs as unknown as IndexedResource[], writeStamp());
    await countNewResources(
      store,
      docs.map((d) => countedOf(d as unknown as StoredCounted)),
    );
    const pathOf = (i: number) => paths[(i * 7919) % paths.length]!;
    const t0 = performance.now();
    await inBatches(
      raw.collection('usageevents'),
      (function* () {
        for (let i = 0; i < EVENTS; i++)
          yield {
            resourceId: resources[i % resources.length],
            kind: i % 5 === 0 ? 'DOWNLOAD' : 'VIEW',
            userId: `u${i % 20_000}`,
            orgPath: pathOf(i),
            day: '2026-12-01',
            at: new Date(),
            dedupeKey: `BENCH:${i}`,
          };
      })(),
    );
    await inBatches(
      raw.collection('favorites'),
      (function* () {
        for (let i = 0; i < EVENTS / 10; i++)
          yield {
            userId: `u${i}`,
            resourceId: resources[i % resources.length],
            orgPath: pathOf(i),
            createdAt: new Date(),
          };
      })(),
    );
    await inBatches(
      raw.collection('pushes'),
      (function* () {
        for (let i = 0; i < EVENTS / 20; i++) {
          const path = paths[i % paths.length]!;
          yield {
            resourceId: resources[Math.floor(i / paths.length) % resources.length],
            targetKind: 'SCHOOL',
            targetCode: path[4],
            orgPath: path,
            receipt: i % 3 === 0 ? 'USED' : 'PUSHED',
            pushedAt: new Date(),
          };
        }
      })(),
    );
    const loadSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `loaded ${EVENTS} events, ${EVENTS / 10} favorites, ${EVENTS / 20} pushes in ${loadSeconds} s`,
    );

    const t1 = performance.now();
    const counterDocs = await recountRegionUsage(store);
    const recountSeconds = +((performance.now() - t1) / 1000).toFixed(1);
    console.log(
      `counted once (what a first start does) in ${recountSeconds} s: ${counterDocs} counter documents`,
    );

    const regions = { province: '330000', county: paths[0]![3]!, school: paths[0]![4]! };
    const reads: Record<string, unknown> = {};
    for (const [level, code] of Object.entries(regions)) {
      const counters = await timedReads(READS, () => readRegionUsage(store, code));
      const baseline = await timedReads(BASELINE_READS, () => countedFromRecords(store, code));
      if (JSON.stringify(counters.answer) !== JSON.stringify(baseline.answer))
        throw new Error(
          `${level} ${code}: counters ${JSON.stringify(counters.answer)} ≠ records ${JSON.stringify(baseline.answer)}`,
        );
      reads[level] = {
        code,
        answer: counters.answer,
        counters: { p50Ms: counters.p50Ms, p99Ms: counters.p99Ms, runs: counters.runs },
        fromRecords: { p50Ms: baseline.p50Ms, p99Ms: baseline.p99Ms, runs: baseline.runs },
        speedup: +(baseline.p50Ms / counters.p50Ms).toFixed(0),
      };
      console.log(
        `${level} ${code}: counters p50 ${counters.p50Ms} ms, from records p50 ${baseline.p50Ms} ms (${JSON.stringify(counters.answer)})`,
      );
    }

    // The write path: views of distinct (user, resource) pairs, counted vs raw inserts.
    const view = (i: number, tag: string) => ({
      resourceId: resources[i % resources.length]!,
      kind: 'VIEW' as const,
      userId: `w${i}`,
      orgPath: pathOf(i),
      day: '2026-12-07',
      at: new Date(),
      dedupeKey: `${tag}:${i}`,
    });
    const countedPerSecond = await rate(WRITES, (i) =>
      insertUsageEvent(store, view(i, 'COUNTED')).catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
      }),
    );
    // What the insert was before the counters: the same create, without lock or counters.
    const plainPerSecond = await rate(WRITES, (i) =>
      store.usageEvents.create({ ...view(i, 'PLAIN'), counted: false }),
    );
    // A view as the resolver records it (src/usage.ts `record`): the event, then the resource's
    // counters and its search entry; with the region counters, and as before them.
    const fullView = async (i: number, tag: string, counted: boolean) => {
      const event = view(i, tag);
      if (counted) await insertUsageEvent(store, event);
      else await store.usageEvents.create({ ...event, counted: false });
      await bumpUsage(store, event.resourceId, { views: 1 }, event.dedupeKey);
    };
    // A resource's first use rewrites its bulk-loaded search entry: once for every resource
    // first, untimed; then the two ways alternate, a quarter of the views at a time.
    await rate(resources.length, (i) => fullView(i, 'WARM', false));
    const fullTimes = { before: 0, counted: 0 };
    const quarter = Math.ceil(WRITES / 4);
    for (let round = 0; round < 4; round++)
      for (const counted of round % 2 === 0 ? [false, true] : [true, false]) {
        const t = performance.now();
        await rate(quarter, (i) =>
          fullView(round * quarter + i, counted ? 'FULL-COUNTED' : 'FULL-PLAIN', counted),
        );
        fullTimes[counted ? 'counted' : 'before'] += performance.now() - t;
      }
    const fullBeforePerSecond = Math.round((4 * quarter) / (fullTimes.before / 1000));
    const fullCountedPerSecond = Math.round((4 * quarter) / (fullTimes.counted / 1000));
    // The counters kept on write still equal the records.
    const kept = await readRegionUsage(store, '100000');
    const expected = await countedFromRecords(store, '100000');
    expected.views -= WRITES + 4 * Math.ceil(WRITES / 4) + resources.length;
    if (JSON.stringify(kept) !== JSON.stringify(expected))
      throw new Error(
        `after the writes: counters ${JSON.stringify(kept)} ≠ records ${JSON.stringify(expected)}`,
      );
    const rawPerSecond = await rate(WRITES, (i) => raw.collection('usageevents').insertOne(view(i, 'RAW')));
    console.log(
      `views inserted at concurrency ${CONCURRENCY}: counted ${countedPerSecond}/s, as before the counters ${plainPerSecond}/s, raw insertOne ${rawPerSecond}/s`,
    );
    console.log(
      `views recorded in full (event, resource counters, search entry): with region counters ${fullCountedPerSecond}/s, before them ${fullBeforePerSecond}/s`,
    );
    return {
      events: EVENTS,
      favorites: EVENTS / 10,
      pushes: EVENTS / 20,
      schools: paths.length,
      loadSeconds,
      recount: { seconds: recountSeconds, counterDocuments: counterDocs },
      reads,
      writes: {
        concurrency: CONCURRENCY,
        views: WRITES,
        countedPerSecond,
        beforeCountersPerSecond: plainPerSecond,
        rawInsertOnePerSecond: rawPerSecond,
        ratioToBefore: +(countedPerSecond / plainPerSecond).toFixed(2),
        ratioToRaw: +(countedPerSecond / rawPerSecond).toFixed(2),
        fullView: {
          withRegionCountersPerSecond: fullCountedPerSecond,
          beforePerSecond: fullBeforePerSecond,
          ratio: +(fullCountedPerSecond / fullBeforePerSecond).toFixed(2),
        },
      },
    };
  } finally {
    await closeDatabase(conn);
    await db.stop();
  }
}
