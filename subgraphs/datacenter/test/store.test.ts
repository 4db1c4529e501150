import type { Caller } from '@edugraph/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/store/index.ts';
import { prefixEnd, Where } from '../src/store/where.ts';
import { backfillIndexFields, INDEX_FIELDS_VERSION } from '../src/store/backfill.ts';
import { upsertRecords } from '../src/sync/upsert.ts';
import { caller, loadFixtures, NATION, startTestDb, type TestDb } from './dbSetup.ts';
import { student } from './fixtures.ts';

let t: TestDb;
let store: Store;
const COUNTY: Caller = caller('330102', ['100000', '330000', '330100', '330102'], ['datacenter:read']);

/** Students of one county with names out of insertion order, a few sharing a name. */
const roster = Array.from({ length: 23 }, (_, i) =>
  student('2133000001', '330102', String(200 + i), {
    name: `王${String.fromCharCode(0x4e00 + ((i * 7) % 11))}`,
  }),
);

beforeAll(async () => {
  t = await startTestDb();
  await loadFixtures(t.deps);
  const result = await upsertRecords(t.deps, NATION, 'STUDENT', roster);
  expect(result.rejected).toBe(0);
  store = createStore(t.conn);
});
afterAll(() => t?.stop());

describe('the datacenter store', () => {
  it("stores the province, city, county and school of each record's path as fields of their own", async () => {
    const stored = await t.models.students.collection.findOne({ registryNumber: roster[0]!.registryNumber });
    expect(stored).toMatchObject({
      provinceCode: '330000',
      cityCode: '330100',
      countyCode: '330102',
      schoolCode: '2133000001',
    });
    const county = await t.models.regions.collection.findOne({ code: '330102' });
    expect(county).toMatchObject({ provinceCode: '330000', cityCode: '330100', countyCode: '330102' });
    const point = await t.models.schools.collection.findOne({ code: '2133000003' });
    expect(point).toMatchObject({ countyCode: '330102', schoolCode: '2133000003', teachingPoint: true });
  });

  it('backfills the fields of records written before them, once, and lists them again', async () => {
    const levels = {
      provinceCode: '',
      cityCode: '',
      countyCode: '',
      teachingPoint: '',
      meetsTrainingTarget: '',
    };
    for (const coll of ['regions', 'schools', 'classes', 'students', 'teachers', 'assets'] as const)
      await t.models[coll].collection.updateMany({}, { $unset: levels });
    await t.conn.db!.collection('store_migrations').deleteOne({ _id: INDEX_FIELDS_VERSION } as never);
    expect((await store.lists.students(COUNTY, null, { first: 100 })).nodes).toHaveLength(0);

    expect(await backfillIndexFields(t.models)).toBeGreaterThan(roster.length);
    const page = await store.lists.students(COUNTY, null, { first: 100 });
    expect(page.nodes).toHaveLength(roster.length + 3);
    expect(await store.indicators('330102')).toMatchObject({ schools: 1, teachingPoints: 1 });
    // Done once: a second start finds the marker and reads nothing.
    expect(await backfillIndexFields(t.models)).toBe(0);
  });

  it("pages a county's students by name with cursors, each once, the last page read from its cursor", async () => {
    const seen: { name: string; id: string }[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page = await store.lists.students(COUNTY, null, { first: 4, after });
      seen.push(...page.nodes.map((n) => ({ name: n.name as string, id: n._id.toHexString() })));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const expected = (
      await t.models.students.collection.find({ countyCode: '330102', deleted: false }).toArray()
    ).map((s) => ({ name: s.name as string, id: s._id.toHexString() }));
    // MongoDB's order of strings is by UTF-8 bytes, which for these names is code-point order.
    expected.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    expect(seen).toEqual(expected);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
  });

  it('pages the names starting with a prefix by cursor, each once, in name order', async () => {
    const prefix = '王';
    const expected = roster.map((r) => r.registryNumber);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await store.lists.students(COUNTY, { namePrefix: prefix }, { first: 5, after });
      seen.push(...page.nodes.map((n) => n.registryNumber as string));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(expected.sort());
  });

  it("reads a page after a cursor as one range on the county's (countyCode, nameKey) index", async () => {
    const first = await store.lists.students(COUNTY, null, { first: 4 });
    const cursor = first.nodes.at(-1)!;
    const plan = await t.models.students
      .find({ countyCode: '330102', deleted: false, nameKey: { $gt: cursor.nameKey as string } })
      .sort({ nameKey: 1 })
      .limit(5)
      .explain();
    // The embedded database's sorted page walks the index from the cursor (MongoDB: an IXSCAN).
    const sorted = (plan as { queryPlanner?: { sortedPagePlan?: string[] } }).queryPlanner?.sortedPagePlan;
    if (sorted) expect(sorted.join()).toMatch(/countyCode_1_nameKey_1 \(<expr>=\? AND <expr>>\?/);
    else expect(JSON.stringify(plan)).toMatch(/IXSCAN/);
  });

  it('lists nothing of another county, school or class named in the filter, and narrows to one inside', async () => {
    const count = async (filter: Record<string, unknown>) =>
      (await store.lists.students(COUNTY, filter, { first: 100 })).nodes.length;
    expect(await count({ regionCode: '330106' })).toBe(0);
    expect(await count({ regionCode: '440000' })).toBe(0);
    expect(await count({ schoolCode: '2133000002' })).toBe(0);
    expect(await count({ classCode: '2133000002202601' })).toBe(0);
    expect(await count({ regionCode: '330000' })).toBe(roster.length + 3);
    expect(await count({ classCode: '2133000003202601' })).toBe(1);
    // The county's subtree is implied by the class's: the query holds one subtree condition.
    const province = caller('330000', ['100000', '330000'], ['datacenter:read']);
    expect(
      (await store.lists.students(province, { regionCode: '330102' }, { first: 100 })).nodes,
    ).toHaveLength(roster.length + 3);
  });

  it('counts indicators from the stored records at once after a write (no copy to catch up)', async () => {
    const before = await store.indicators('330000');
    await upsertRecords(t.deps, NATION, 'STUDENT', [student('2133000002', '330106', '301')]);
    const after = await store.indicators('330000');
    expect(after.students).toBe(before.students + 1);
    expect(after).toMatchObject({ schools: 2, teachingPoints: 1, broadbandConnectedSchools: 2 });
    expect(after.multimediaClassroomRatio).toBe(Math.round((11 / 22) * 10_000) / 10_000);
  });

  it('bounds a name prefix from both ends: a name starting with the next character is not read', async () => {
    expect(prefixEnd('王')).toBe('玌');
    expect(prefixEnd('ab')).toBe('ac');
    expect(prefixEnd('a\uffff')).toBeUndefined();
    expect(new Where(COUNTY).prefix('name', '王', 'nameKey').filter).toMatchObject({
      nameKey: { $gte: '王', $lt: '玌' },
      name: { $regex: '^王' },
    });
    const next = student('2133000001', '330102', '299', { name: '玌同学' });
    expect((await upsertRecords(t.deps, NATION, 'STUDENT', [next])).rejected).toBe(0);
    const wang = await store.lists.students(COUNTY, { namePrefix: '王' }, { first: 50 });
    expect(wang.nodes.map((n) => n.registryNumber).sort()).toEqual(
      roster.map((r) => r.registryNumber).sort(),
    );
    const after = await store.lists.students(COUNTY, { namePrefix: '玌' }, { first: 50 });
    expect(after.nodes.map((n) => n.name)).toEqual(['玌同学']);
  });
});
