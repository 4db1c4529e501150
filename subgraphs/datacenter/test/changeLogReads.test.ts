import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import {
  decodeBatch,
  lastBatch,
  readBatchesFrom,
  repairBatch,
  seqOf,
  type LoggedChange,
} from '../src/store/changeLog.ts';
import { startTestDb, type TestDb } from './dbSetup.ts';

let t: TestDb;
beforeAll(async () => {
  t = await startTestDb();
});
afterAll(() => t?.stop());

const change = (id = new Types.ObjectId()): LoggedChange => ({
  key: `K-${id.toHexString()}`,
  op: 'UPSERT',
  version: 1,
  orgPath: ['100000'],
  record: {},
  id,
  inserted: true,
  derived: {},
  hash: 'h',
});
const append = () =>
  t.deps.log.append({ kind: 'STUDENT', coll: 'students', at: new Date(), changes: [change()] });

describe('change log reads by batch number', () => {
  it('finds the highest batch number from any number in use, or none', async () => {
    expect(await lastBatch(t.models)).toBe(0);
    for (let n = 1; n <= 37; n++) {
      expect((await append()).batch).toBe(n);
      for (const known of [0, 1, Math.floor(n / 2), n - 1, n])
        expect(await lastBatch(t.models, known)).toBe(n);
    }
    // A writer of another process, whose own top is behind, takes the next free number.
    const other = await t.connect();
    expect(
      (
        await other.deps.log.append({
          kind: 'STUDENT',
          coll: 'students',
          at: new Date(),
          changes: [change()],
        })
      ).batch,
    ).toBe(38);
  });

  it('reads a window of consecutive batches in order, and fewer at the end of the log', async () => {
    const window = await readBatchesFrom(t.models, 5, 8);
    expect(window.map((b) => b._id)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect((await readBatchesFrom(t.models, 35, 8)).map((b) => b._id)).toEqual([35, 36, 37, 38]);
    expect(await readBatchesFrom(t.models, 39, 4)).toEqual([]);
  });

  it('reads a window through the _id index', async () => {
    const plan = JSON.stringify(
      await t.models.changeBatches.collection.find({ _id: { $in: [30, 31, 32] } } as never).explain(),
    );
    if (!process.env.MONGODB_URI) expect(plan).toMatch(/USING INDEX/);
  });

  it("repairs a dead writer's batch from its records: written ones stay, the others abort", async () => {
    // Three changes: the first record written by this batch, the second never written, the
    // third written and then overwritten by a later batch (it carries that batch's number).
    const ids = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const ghost = await t.deps.log.append({
      kind: 'STUDENT',
      coll: 'students',
      at: new Date(),
      changes: ids.map((id) => change(id)),
    });
    await t.models.students.collection.insertMany([
      { _id: ids[0], seq: ghost.seqs[0], deleted: false },
      { _id: ids[2], seq: seqOf(ghost.batch + 5, 0), deleted: false },
    ] as never[]);
    const [doc] = await readBatchesFrom(t.models, ghost.batch, 1);
    await repairBatch(t.models, decodeBatch(doc!));
    expect((await t.models.commits.findOne({ _id: ghost.batch }).lean())?.aborted).toEqual([
      ghost.seqs[1],
      ghost.seqs[2],
    ]);
  });
});
