import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCodeSets, readCodeSets } from '../src/store/codeSets.ts';
import { CODE_VALUES_VERSION, migrateCodeValues } from '../src/store/migrateCodes.ts';
import { upsertRecords } from '../src/sync/upsert.ts';
import { loadFixtures, NATION, startTestDb, type TestDb } from './dbSetup.ts';
import { student, teachers } from './fixtures.ts';

let t: TestDb;
beforeAll(async () => {
  t = await startTestDb();
  await loadFixtures(t.deps);
}, 120_000);
afterAll(() => t?.stop());

const upsertStudents = (records: Record<string, unknown>[]) =>
  upsertRecords(t.deps, NATION, 'STUDENT', records);
const stored = (registryNumber: unknown) => t.models.students.collection.findOne({ registryNumber });
const errorsOf = (r: { results: { errors: { field: string; code: string; message: string }[] }[] }) =>
  r.results.map((x) => x.errors.map((e) => [e.field, e.code]));

describe('code sets (代码表) as data', () => {
  it('copies the standard tables into the database once, leaving entries an operator changed', async () => {
    const sets = await readCodeSets(t.models, ['XBM', 'XJZTM', 'MZM']);
    expect(sets.get('XBM')!.map((e) => [e.code, e.name])).toEqual([
      ['0', '未知的性别'],
      ['1', '男性'],
      ['2', '女性'],
      ['9', '未说明的性别'],
    ]);
    expect(sets.get('MZM')).toHaveLength(58);
    expect(sets.get('XJZTM')!.find((e) => e.code === '01')!.name).toBe('在读');
    await t.models.codeSets.updateOne({ _id: 'XBM:9' }, { $set: { name: '未说明' } });
    expect(await ensureCodeSets(t.models)).toBe(0);
    expect((await t.models.codeSets.findById('XBM:9').lean())!.name).toBe('未说明');
  });

  it('accepts code values, Chinese names and the old English values, and stores the codes', async () => {
    const result = await upsertStudents([
      student('2133000001', '330102', '101', { gender: '1', status: '01', ethnicity: '01' }),
      student('2133000001', '330102', '102', { gender: '女', status: '在读', ethnicity: '畲族' }),
      student('2133000001', '330102', '103', { gender: 'MALE', status: 'GRADUATED', ethnicity: '汉族' }),
      // A spreadsheet drops the leading zero of 01.
      student('2133000001', '330102', '105', { gender: '1', status: 1, ethnicity: '1' }),
    ]);
    expect(errorsOf(result)).toEqual([[], [], [], []]);
    const rows = await Promise.all(result.results.map((r) => stored(r.key)));
    expect(rows.map((r) => [r!.gender, r!.status, r!.ethnicity])).toEqual([
      ['1', '01', '01'],
      ['2', '01', '22'],
      ['1', '07', '01'],
      ['1', '01', '01'],
    ]);
  });

  it('stores the JY/T 1001 fields of students and teachers as codes, null when not sent', async () => {
    const result = await upsertStudents([
      student('2133000001', '330102', '107', {
        idType: '居民身份证',
        overseasStatus: '00',
        householdType: '农业户口',
        leftBehind: '2',
        migrantChild: true,
        disability: '0',
        health: '健康',
      }),
      student('2133000001', '330102', '109'),
    ]);
    expect(errorsOf(result)).toEqual([[], []]);
    expect(await stored(result.results[0]!.key)).toMatchObject({
      idType: '1',
      overseasStatus: '00',
      householdType: '1',
      leftBehind: '2',
      migrantChild: true,
      disability: '0',
      health: '1',
    });
    expect(await stored(result.results[1]!.key)).toMatchObject({
      idType: null,
      health: null,
      migrantChild: null,
    });
    const teacher = {
      ...teachers[0]!,
      education: '本科',
      staffing: '1',
      qualification: '小学教师资格',
      ethnicity: '01',
    };
    const saved = await upsertRecords(t.deps, NATION, 'TEACHER', [teacher]);
    expect(errorsOf(saved)).toEqual([[]]);
    expect(await t.models.teachers.collection.findOne({ staffNumber: teacher.staffNumber })).toMatchObject({
      gender: '1',
      education: '21',
      staffing: '1',
      qualification: '2',
      ethnicity: '01',
    });
  });

  it('refuses a value the code sets do not hold, naming the field and its table', async () => {
    const result = await upsertStudents([
      student('2133000001', '330102', '111', { status: '42' }),
      student('2133000001', '330102', '113', { gender: 'X', householdType: '城市' }),
    ]);
    expect(errorsOf(result)).toEqual([
      [['status', 'INVALID_VALUE']],
      [
        ['gender', 'INVALID_VALUE'],
        ['householdType', 'INVALID_VALUE'],
      ],
    ]);
    expect(result.results[0]!.errors[0]!.message).toMatch(
      /status "42" is not a code or name of table XJZTM \(01 在读/,
    );
  });

  it('takes a new code once it is in the data, and refuses a retired one', async () => {
    const extra = student('2133000001', '330102', '115', { status: '13' });
    expect(errorsOf(await upsertStudents([extra]))).toEqual([[['status', 'INVALID_VALUE']]]);
    await t.models.codeSets.create({
      _id: 'XJZTM:13',
      table: 'XJZTM',
      tableName: '学籍状态',
      standard: 'JY/T 1001-2012',
      code: '13',
      name: '公派出国',
      aliases: [],
      validFrom: null,
      validTo: null,
      changedAt: new Date(),
    });
    expect(errorsOf(await upsertStudents([extra]))).toEqual([[]]);
    expect((await stored(extra.registryNumber))!.status).toBe('13');

    await t.models.codeSets.updateOne({ _id: 'XJZTM:04' }, { $set: { validTo: '2020-12-31' } });
    const retired = await upsertStudents([student('2133000001', '330102', '117', { status: '停学' })]);
    expect(retired.results[0]!.errors[0]).toMatchObject({ field: 'status', code: 'INVALID_VALUE' });
    expect(retired.results[0]!.errors[0]!.message).toMatch(/04 \(停学\).*not valid on/);
  });

  it('rewrites English values stored before code sets as codes, so the old file is UNCHANGED after', async () => {
    const old = student('2133000002', '330106', '121', { gender: 'MALE', status: 'SUSPENDED' });
    expect((await upsertStudents([old])).created).toBe(1);
    // As an older version stored it.
    await t.models.students.collection.updateOne(
      { registryNumber: old.registryNumber },
      { $set: { gender: 'MALE', status: 'SUSPENDED', ethnicity: '汉族', hash: 'old' } },
    );
    await t.conn.db!.collection('store_migrations').deleteOne({ _id: CODE_VALUES_VERSION } as never);
    expect(await migrateCodeValues(t.models)).toBeGreaterThanOrEqual(1);
    expect(await stored(old.registryNumber)).toMatchObject({ gender: '1', status: '02', ethnicity: '01' });
    const again = await upsertStudents([old]);
    expect(again.results[0]!.status).toBe('UNCHANGED');
    expect(await migrateCodeValues(t.models)).toBe(0);
  });
});
