import { NATION_CODE, type Caller } from '@edugraph/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLists } from '../src/store/lists.ts';
import { createRecords } from '../src/store/records.ts';
import { deleteRecords } from '../src/sync/deleteRecords.ts';
import { upsertRecords } from '../src/sync/upsert.ts';
import { caller, loadFixtures, NATION, startTestDb, type TestDb } from './dbSetup.ts';
import { student } from './fixtures.ts';

let t: TestDb;
let lists: ReturnType<typeof createLists>;
beforeAll(async () => {
  t = await startTestDb();
  await loadFixtures(t.deps);
  lists = createLists(createRecords(t.models));
});
afterAll(() => t?.stop());

const CALLERS: Caller[] = [
  NATION,
  caller('330000', [NATION_CODE, '330000']),
  caller('330102', [NATION_CODE, '330000', '330100', '330102']),
  caller('2133000001', [NATION_CODE, '330000', '330100', '330102', '2133000001']),
  caller('440000', [NATION_CODE, '440000']),
];

type Lists = typeof lists;
/** Each list and filter whose totalCount the counters answer, and one they do not. */
const CASES: [string, (l: Lists, c: Caller) => ReturnType<Lists['students']>][] = [
  ['schools', (l, c) => l.schools(c, {}, { first: 1000 })],
  ['schools of a county', (l, c) => l.schools(c, { regionCode: '330102' }, { first: 1000 })],
  ['classes', (l, c) => l.classes(c, {}, { first: 1000 })],
  ["a school's classes", (l, c) => l.classes(c, { schoolCode: '2133000001' }, { first: 1000 })],
  ['students', (l, c) => l.students(c, {}, { first: 1000 })],
  ['students enrolled', (l, c) => l.students(c, { status: 'ENROLLED' }, { first: 1000 })],
  ['students of a city', (l, c) => l.students(c, { regionCode: '330100' }, { first: 1000 })],
  ["a school's students", (l, c) => l.students(c, { schoolCode: '2133000001' }, { first: 1000 })],
  ["a class's students", (l, c) => l.students(c, { classCode: '2133000001202601' }, { first: 1000 })],
  ['students by name prefix (counted)', (l, c) => l.students(c, { namePrefix: '李' }, { first: 1000 })],
  ['teachers', (l, c) => l.teachers(c, {}, { first: 1000 })],
  ['active teachers', (l, c) => l.teachers(c, { employmentStatus: 'ACTIVE' }, { first: 1000 })],
];

/** Every list's totalCount against the records it pages through, for every caller. */
async function expectTotals() {
  for (const who of CALLERS)
    for (const [label, list] of CASES) {
      const page = await list(lists, who);
      expect({ who: who.organization, label, total: await page.totalCount() }).toEqual({
        who: who.organization,
        label,
        total: page.nodes.length,
      });
    }
}

describe("lists' totalCount from the counters", () => {
  it('equals the records listed, for every caller and filter', async () => {
    await expectTotals();
  });

  it('reads the counters for a subtree, and counts the records for other filters', async () => {
    const province = CALLERS[1]!;
    const students = await lists.students(province, {}, { first: 1 });
    const byPrefix = await lists.students(province, { namePrefix: '李' }, { first: 1 });
    const [before, prefixBefore] = [await students.totalCount(), await byPrefix.totalCount()];
    await t.models.counters.updateOne({ _id: 'students:330000' }, { $inc: { records: 1000 } });
    try {
      expect(await (await lists.students(province, {}, { first: 1 })).totalCount()).toBe(before + 1000);
      expect(await (await lists.students(province, { namePrefix: '李' }, { first: 1 })).totalCount()).toBe(
        prefixBefore,
      );
    } finally {
      await t.models.counters.updateOne({ _id: 'students:330000' }, { $inc: { records: -1000 } });
    }
  });

  it('stays equal after students are added, changed and deleted', async () => {
    const added = ['051', '052', '053'].map((seq) => student('2133000002', '330106', seq));
    expect((await upsertRecords(t.deps, NATION, 'STUDENT', added)).rejected).toBe(0);
    expect(
      (
        await upsertRecords(t.deps, NATION, 'STUDENT', [
          student('2133000001', '330102', '011', { status: 'SUSPENDED' }),
        ])
      ).rejected,
    ).toBe(0);
    expect((await deleteRecords(t.deps, NATION, 'STUDENT', [added[0]!.registryNumber])).rejected).toBe(0);
    await expectTotals();
  });
});
