import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import type { ChangeBatchDoc, ChangeDoc } from '../src/store/models/index.ts';
import { decodeBatch } from '../src/store/changeLog.ts';
import { feedChanges, readChanges } from '../src/sync/feed.ts';
import { upsertRecords } from '../src/sync/upsert.ts';
import { caller, loadFixtures, NATION, startTestDb, type TestDb } from './dbSetup.ts';
import { student } from './fixtures.ts';

let t: TestDb;
beforeAll(async () => {
  t = await startTestDb();
  await loadFixtures(t.deps);
});
afterAll(() => t?.stop());

const WRITERS = 4;
const BATCHES = 12;
const POOL = 40;
/** Students of the pool, spread over two schools of two counties. */
const pool = Array.from({ length: POOL }, (_, i) =>
  i % 2 === 0
    ? student('2133000001', '330102', String(100 + i).padStart(3, '0'))
    : student('2133000002', '330106', String(100 + i).padStart(3, '0')),
);

describe('change feed with concurrent writers', () => {
  it('hands every change out once, in order, while several connections write', async () => {
    const start = (await readChanges(t.models, NATION, { first: 1000 })).endCursor;
    const writers = await Promise.all(Array.from({ length: WRITERS }, () => t.connect()));
    let writing = true;
    const seen: ChangeDoc[] = [];
    const reader = (async () => {
      let after = start;
      for (;;) {
        const done = !writing;
        const page = await readChanges(t.models, NATION, { after, first: 7 });
        seen.push(...page.changes);
        if (page.endCursor !== null) after = page.endCursor;
        if (done && !page.hasMore && page.changes.length === 0) return;
        if (!page.hasMore) await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all(
      writers.map(async (w, n) => {
        for (let b = 0; b < BATCHES; b++) {
          // Overlapping picks: the same student is written by several writers at once.
          const batch = Array.from({ length: 8 }, (_, k) => pool[(n * 7 + b * 5 + k * 3) % POOL]!).filter(
            (s, i, all) => all.indexOf(s) === i,
          );
          await upsertRecords(
            w.deps,
            NATION,
            'STUDENT',
            batch.map((s) => ({ ...s, name: `学生${n}-${b}` })),
          );
        }
      }),
    );
    writing = false;
    await reader;

    const ids = seen.map((c) => c._id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Everything committed after the start, none skipped: compare with the log itself.
    const commits = await t.models.commits.find().lean();
    const aborted = new Set(commits.flatMap((c) => c.aborted));
    const batches = await t.models.changeBatches.collection.find({}).sort({ _id: 1 }).toArray();
    const logged = batches
      .flatMap((b) => feedChanges(decodeBatch(b as unknown as ChangeBatchDoc)))
      .map((c) => c._id)
      .filter((id) => id > Number(start) && !aborted.has(id));
    expect(ids).toEqual(logged);
    // Replaying the feed gives the data center's state: the last version seen of each student is current.
    const last = new Map(seen.map((c) => [c.key, c]));
    const docs = await t.models.students
      .find({ registryNumber: { $in: pool.map((s) => s.registryNumber) } })
      .lean();
    expect(docs).toHaveLength(last.size);
    for (const doc of docs) {
      const change = last.get(doc.registryNumber);
      if (!change) continue;
      expect({
        key: doc.registryNumber,
        version: change.version,
        name: (change.record as { name: string }).name,
      }).toEqual({
        key: doc.registryNumber,
        version: doc.version,
        name: doc.name,
      });
    }
    expect(seen.length).toBeGreaterThan(WRITERS * BATCHES);
  }, 120_000);

  it('shows a county only the changes of its subtree and still moves its cursor past the others', async () => {
    const county = caller('330106', ['100000', '330000', '330100', '330106'], ['datacenter:read']);
    const all = await readChanges(t.models, NATION, { first: 1000 });
    const mine = await readChanges(t.models, county, { first: 1000 });
    expect(mine.changes.length).toBeGreaterThan(0);
    // Its subtree's, and the national curriculum every reader follows (courses of the nation).
    expect(
      mine.changes.every(
        (c) => c.orgPath.includes('330106') || (c.kind === 'COURSE' && c.orgPath.join() === '100000'),
      ),
    ).toBe(true);
    expect(mine.changes.length).toBeLessThan(all.changes.length);
    expect(mine.endCursor).toBe(all.endCursor);
    const kinds = await readChanges(t.models, NATION, { first: 1000, kinds: ['REGION'] });
    expect(new Set(kinds.changes.map((c) => c.kind))).toEqual(new Set(['REGION']));
  });

  it('holds back changes of an uncommitted batch until a reader repairs it after its lease', async () => {
    const before = (await readChanges(t.models, NATION, { first: 1000 })).endCursor;
    // A writer that logged its change and died before writing the record and committing.
    const ghost = await t.deps.log.append({
      kind: 'STUDENT',
      coll: 'students',
      at: new Date(),
      changes: [
        {
          key: 'G-ghost',
          op: 'UPSERT',
          version: 1,
          orgPath: ['100000'],
          record: {},
          id: new Types.ObjectId(),
          inserted: true,
          derived: {},
          hash: 'ghost',
        },
      ],
    });
    await upsertRecords(t.deps, NATION, 'STUDENT', [student('2133000001', '330102', '901')]);
    const blocked = await readChanges(t.models, NATION, { after: before, first: 100 });
    expect(blocked.changes).toHaveLength(0);
    expect(blocked.endCursor).toBe(before);
    const later = new Date(Date.now() + 61_000);
    const repaired = await readChanges(t.models, NATION, { after: before, first: 100 }, later);
    expect(repaired.changes.map((c) => c.key)).toEqual([
      student('2133000001', '330102', '901').registryNumber,
    ]);
    expect((await t.models.commits.findOne({ _id: ghost.batch }).lean())?.aborted).toEqual(ghost.seqs);
  });
});
