import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRecords } from '../src/sync/deleteRecords.ts';
import { readChanges } from '../src/sync/feed.ts';
import { upsertRecords } from '../src/sync/upsert.ts';
import { caller, loadFixtures, NATION, startTestDb, type TestDb } from './dbSetup.ts';
import { student, students } from './fixtures.ts';

let t: TestDb;
beforeAll(async () => {
  t = await startTestDb();
  await loadFixtures(t.deps);
});
afterAll(() => t?.stop());

describe('batch upserts on the real database', () => {
  it('reports the same batch sent twice as UNCHANGED and bumps no version', async () => {
    const before = await t.models.students.find({}, { registryNumber: 1, version: 1, seq: 1 }).lean();
    const top = (await readChanges(t.models, NATION, { first: 1000 })).endCursor;
    const again = await upsertRecords(t.deps, NATION, 'STUDENT', students);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: students.length, rejected: 0 });
    const after = await t.models.students.find({}, { registryNumber: 1, version: 1, seq: 1 }).lean();
    expect(after).toEqual(before);
    expect((await readChanges(t.models, NATION, { after: top, first: 1000 })).changes).toHaveLength(0);
  });

  it('updates a changed record with version + 1 and one feed entry', async () => {
    const changed = { ...students[0]!, name: '李改名' };
    const result = await upsertRecords(t.deps, NATION, 'STUDENT', [changed, students[1]!]);
    expect(result.results.map((r) => r.status)).toEqual(['UPDATED', 'UNCHANGED']);
    const doc = await t.models.students.findOne({ registryNumber: changed.registryNumber }).lean();
    expect(doc).toMatchObject({ name: '李改名', version: 2 });
    const feed = await readChanges(t.models, NATION, { first: 1000, kinds: ['STUDENT'] });
    const entries = feed.changes.filter((c) => c.key === changed.registryNumber);
    expect(entries.map((c) => [c.version, c.op, (c.record as { name: string }).name])).toEqual([
      [1, 'UPSERT', students[0]!.name],
      [2, 'UPSERT', '李改名'],
    ]);
  });

  it('rejects a bad record with its field named and still writes the good ones', async () => {
    const good = student('2133000001', '330102', '051');
    const badCheck = { ...student('2133000001', '330102', '053'), idNumber: '33010220190615053' + 'Y' };
    const result = await upsertRecords(t.deps, NATION, 'STUDENT', [badCheck, good]);
    expect(result.results[0]).toMatchObject({ index: 0, status: 'REJECTED' });
    expect(result.results[0]!.errors.map((e) => e.field)).toContain('idNumber');
    expect(result.results[1]).toMatchObject({ index: 1, status: 'CREATED', key: good.registryNumber });
    expect(await t.models.students.countDocuments({ registryNumber: badCheck.registryNumber })).toBe(0);
  });

  it('creates a new record once when several writers send it at the same moment', async () => {
    const fresh = Array.from({ length: 6 }, (_, i) => student('2133000001', '330102', String(501 + i)));
    const mark = (await readChanges(t.models, NATION, { first: 1000 })).endCursor;
    const others = await Promise.all([t.connect(), t.connect()]);
    const sent = await Promise.all(
      [t.deps, t.deps, ...others.map((o) => o.deps)].map((deps) =>
        upsertRecords(deps, NATION, 'STUDENT', fresh),
      ),
    );
    for (const [k, s] of fresh.entries()) {
      const statuses = sent.map((r) => r.results[k]!.status).sort();
      expect(statuses).toEqual(['CREATED', 'UNCHANGED', 'UNCHANGED', 'UNCHANGED']);
      expect(await t.models.students.countDocuments({ registryNumber: s.registryNumber })).toBe(1);
    }
    const feed = await readChanges(t.models, NATION, { after: mark, first: 1000 });
    expect(feed.changes.map((c) => [c.key, c.version]).sort()).toEqual(
      fresh.map((s) => [s.registryNumber, 1]).sort(),
    );
  });

  it('refuses a batch over 1,000 records as a whole', async () => {
    const many = Array.from({ length: 1001 }, () => students[0]!);
    await expect(upsertRecords(t.deps, NATION, 'STUDENT', many)).rejects.toMatchObject({
      extensions: { code: 'BATCH_TOO_LARGE' },
    });
  });

  it('rejects records outside the writer’s organization without touching them', async () => {
    const zhejiang = caller('330000', ['100000', '330000']);
    const guangdong = students[4]!;
    const result = await upsertRecords(t.deps, zhejiang, 'STUDENT', [{ ...guangdong, name: '越权' }]);
    expect(result.results[0]).toMatchObject({
      status: 'REJECTED',
      errors: [{ field: 'schoolCode', code: 'OUT_OF_SCOPE' }],
    });
    expect((await t.models.students.findOne({ registryNumber: guangdong.registryNumber }).lean())?.name).toBe(
      guangdong.name,
    );
  });

  it('records deletes as tombstones in the feed and hides the record', async () => {
    const victim = student('2133000001', '330102', '061');
    await upsertRecords(t.deps, NATION, 'STUDENT', [victim]);
    const mark = (await readChanges(t.models, NATION, { first: 1000 })).endCursor;
    const deleted = await deleteRecords(t.deps, NATION, 'STUDENT', [
      victim.registryNumber,
      victim.registryNumber,
      'G000',
    ]);
    expect(deleted.results.map((r) => r.status)).toEqual(['DELETED', 'REJECTED', 'REJECTED']);
    const doc = await t.models.students.findOne({ registryNumber: victim.registryNumber }).lean();
    expect(doc).toMatchObject({ deleted: true, version: 2 });
    const feed = await readChanges(t.models, NATION, { after: mark, first: 100 });
    expect(feed.changes.map((c) => [c.key, c.op, c.version, c.record])).toEqual([
      [victim.registryNumber, 'DELETE', 2, null],
    ]);
    expect((await deleteRecords(t.deps, NATION, 'STUDENT', [victim.registryNumber])).results[0]!.status).toBe(
      'UNCHANGED',
    );
    const back = await upsertRecords(t.deps, NATION, 'STUDENT', [victim]);
    expect(back.results[0]).toMatchObject({ status: 'CREATED' });
    expect(await t.models.students.findOne({ registryNumber: victim.registryNumber }).lean()).toMatchObject({
      deleted: false,
      version: 3,
    });
  });
});
