import { randomBytes } from 'node:crypto';
import { timedReads } from '@edugraph/infra/testing';
import { Binary } from 'mongodb';
import { lastBatch, readBatchesFrom } from '../src/store/changeLog.ts';
import { startTestDb } from './dbSetup.ts';

export const part = 'change-log';

/**
 * The change log's reads on the embedded database with BENCH_CHANGE_LOG_BATCHES batches
 * (default 20,000, each with 4 KB of compressed changes): the feed's window at the log's end and
 * the top batch number, as `changeLog.ts` reads them (by `_id` through its index) against the
 * queries it made before (a `$gte` range sorted by `_id`, and `sort({_id: -1}).limit(1)`), every
 * answer compared.
 */
const BATCHES = Number(process.env.BENCH_CHANGE_LOG_BATCHES ?? 20_000);
const RUNS = Number(process.env.BENCH_CHANGE_LOG_RUNS ?? 10);

const timed = <T>(read: () => Promise<T>) => timedReads(RUNS, read);

export async function run() {
  const t = await startTestDb();
  try {
    const batches = t.models.changeBatches.collection;
    for (let from = 1; from <= BATCHES; from += 1000)
      await batches.insertMany(
        Array.from({ length: Math.min(1000, BATCHES - from + 1) }, (_, i) => ({
          _id: from + i,
          kind: 'STUDENT',
          at: new Date(),
          count: 100,
          leaseUntil: new Date(),
          data: new Binary(randomBytes(4096)),
        })) as never[],
      );
    const from = BATCHES - 7;
    const window = await timed(async () => (await readBatchesFrom(t.models, from, 16)).map((b) => b._id));
    const windowBefore = await timed(async () =>
      (
        await batches
          .find({ _id: { $gte: from } } as never)
          .sort({ _id: 1 })
          .limit(16)
          .toArray()
      ).map((b) => b._id),
    );
    const top = await timed(() => lastBatch(t.models));
    const topFromKnown = await timed(() => lastBatch(t.models, BATCHES - 3));
    const topBefore = await timed(async () => {
      const last = await batches
        .find({}, { projection: { _id: 1 } })
        .sort({ _id: -1 })
        .limit(1)
        .next();
      return last?._id as unknown as number;
    });
    if (JSON.stringify(window.answer) !== JSON.stringify(windowBefore.answer))
      throw new Error(`window ${JSON.stringify(window.answer)} ≠ ${JSON.stringify(windowBefore.answer)}`);
    if (top.answer !== BATCHES || topFromKnown.answer !== BATCHES || topBefore.answer !== BATCHES)
      throw new Error(`top ${top.answer} / ${topFromKnown.answer} / ${topBefore.answer} ≠ ${BATCHES}`);
    const line = (label: string, now: { p50Ms: number }, before: { p50Ms: number }) =>
      console.log(`${label}: p50 ${now.p50Ms} ms, before ${before.p50Ms} ms`);
    line(`feed window at the end of ${BATCHES} batches`, window, windowBefore);
    line('top batch number from nothing known', top, topBefore);
    line('top batch number from a writer’s last', topFromKnown, topBefore);
    const figures = (f: { p50Ms: number; p99Ms: number }) => ({ p50Ms: f.p50Ms, p99Ms: f.p99Ms });
    return {
      batches: BATCHES,
      runs: RUNS,
      feedWindow: { byId: figures(window), rangeBefore: figures(windowBefore) },
      topBatch: {
        fromNothing: figures(top),
        fromWritersLast: figures(topFromKnown),
        sortBefore: figures(topBefore),
      },
    };
  } finally {
    await t.stop();
  }
}
