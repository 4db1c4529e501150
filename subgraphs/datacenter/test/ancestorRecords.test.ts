import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChanges } from '../src/sync/feed.ts';
import { upsertRecords } from '../src/sync/upsert.ts';
import { caller, loadFixtures, startTestDb, type TestDb } from './dbSetup.ts';
import { courses, regions } from './fixtures.ts';

let t: TestDb;
beforeAll(async () => {
  t = await startTestDb();
  await loadFixtures(t.deps);
});
afterAll(() => t?.stop());

const zhejiang = caller('330000', ['100000', '330000']);
const county = caller('330102', ['100000', '330000', '330100', '330102']);
const byCode = (code: string) => regions.find((r) => r.code === code)!;

describe('regions on the writer’s own path', () => {
  it('reports a province’s nation and its own region, as the hub holds them, UNCHANGED and writes nothing', async () => {
    const top = (await readChanges(t.models, zhejiang, { first: 1000 })).endCursor;
    const result = await upsertRecords(t.deps, zhejiang, 'REGION', [byCode('100000'), byCode('330000')]);
    expect(result.results.map((r) => [r.key, r.status])).toEqual([
      ['100000', 'UNCHANGED'],
      ['330000', 'UNCHANGED'],
    ]);
    expect((await readChanges(t.models, zhejiang, { after: top, first: 1000 })).changes).toHaveLength(0);
  });

  it('reports a county’s whole path above it UNCHANGED', async () => {
    const path = ['100000', '330000', '330100'].map(byCode);
    const result = await upsertRecords(t.deps, county, 'REGION', path);
    expect(result).toMatchObject({ unchanged: 3, rejected: 0 });
  });

  it('refuses a changed record above the writer’s organization and keeps the hub’s', async () => {
    const renamed = { ...byCode('100000'), name: '改名' };
    const result = await upsertRecords(t.deps, zhejiang, 'REGION', [renamed]);
    expect(result.results[0]).toMatchObject({
      status: 'REJECTED',
      errors: [{ code: 'OUT_OF_SCOPE', message: expect.stringMatching(/above your organization/) }],
    });
    expect((await t.models.regions.findOne({ code: '100000' }).lean())?.name).toBe(byCode('100000').name);
  });

  it('reports the national curriculum in a province’s courses file UNCHANGED and refuses a changed national course', async () => {
    const national = courses.filter((c) => c.orgCode === '100000');
    const same = await upsertRecords(t.deps, zhejiang, 'COURSE', national);
    expect(same).toMatchObject({ unchanged: national.length, rejected: 0 });
    const renamed = await upsertRecords(t.deps, zhejiang, 'COURSE', [{ ...national[0]!, name: '改名' }]);
    expect(renamed.results[0]).toMatchObject({
      status: 'REJECTED',
      errors: [{ code: 'OUT_OF_SCOPE', message: expect.stringMatching(/above your organization/) }],
    });
    expect((await t.models.courses.findOne({ code: national[0]!.code }).lean())?.name).toBe(
      national[0]!.name,
    );
  });

  it('still refuses a region of another province', async () => {
    const other = regions.find((r) => r.code.startsWith('44'))!;
    const result = await upsertRecords(t.deps, zhejiang, 'REGION', [other]);
    expect(result.results[0]).toMatchObject({ status: 'REJECTED', errors: [{ code: 'OUT_OF_SCOPE' }] });
  });
});
