import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { kindSpecs } from '../src/kinds.ts';
import { setLanguage, t } from '../src/messages.ts';
import { FileProblem, readRecords, type SourceItem } from '../src/read/records.ts';
import { builtInCodes, type CodeSource } from '../src/records/codeSets.ts';
import { coerceRecord } from '../src/records/coerce.ts';
import { exportCell, exportColumns, resolveColumns } from '../src/records/columns.ts';
import { validateRecord } from '../src/records/validate.ts';

setLanguage('en');
const dir = mkdtempSync(join(tmpdir(), 'sync-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function items(
  name: string,
  content: string | Buffer,
  kind = 'students' as const,
  mapping?: Record<string, string>,
) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const out: Omit<SourceItem, 'end'>[] = [];
  for await (const { end: _end, ...item } of readRecords(path, kind, mapping ? { mapping } : {}))
    out.push(item);
  return out;
}

/** As read from a file: coded fields hold codes (性别 1, 民族 01, 学籍状态 01), absent JY/T fields null. */
const student = {
  registryNumber: 'G330102202008311437',
  name: '李乐恒',
  gender: '1',
  birthDate: '2020-08-31',
  idNumber: '330102202008311437',
  ethnicity: '01',
  schoolCode: '2133000001',
  classCode: '2133000001202601',
  status: '01',
  enrollmentYear: 2026,
  idType: null,
  overseasStatus: null,
  householdType: null,
  leftBehind: null,
  migrantChild: null,
  disability: null,
  health: null,
};

describe('columns', () => {
  it('recognises English names in any case or separator, and JY/T codes', () => {
    const r = resolveColumns('students', ['Registry_Number', 'XM', 'xbm', 'birth-date', 'unknown']);
    expect(r.bindings.map((b) => [b.column, b.field])).toEqual([
      ['Registry_Number', 'registryNumber'],
      ['XM', 'name'],
      ['xbm', 'gender'],
      ['birth-date', 'birthDate'],
    ]);
    expect(r.ignored).toEqual(['unknown']);
    expect(r.missing).toEqual(['ethnicity', 'schoolCode', 'classCode', 'status', 'enrollmentYear']);
  });

  it("uses the operator's mapping file before anything else", () => {
    const r = resolveColumns('students', ['学籍号', '姓名'], { 学籍号: 'registryNumber', 姓名: 'XM' });
    expect(r.bindings.map((b) => b.field)).toEqual(['registryNumber', 'name']);
  });

  it('recognises the Chinese labels school systems write, with or without 码, units or a required star', () => {
    const r = resolveColumns('students', [
      '学籍号*',
      '姓名',
      '性别',
      '出生日期',
      '身份证号',
      '民族码',
      '学校代码',
      '班级代码',
      '学籍状态',
      ' 入学年份 ',
    ]);
    expect(r.missing).toEqual([]);
    expect(r.ignored).toEqual([]);
    // The ten columns fill the ten fields of a registry list; the JY/T 1001 extras stay empty.
    expect(r.bindings.map((b) => b.field)).toEqual(kindSpecs.students.fields.map((f) => f.name).slice(0, 10));
    // Chinese-labelled columns hold JY/T values: 性别 1/男, 出生日期 YYYYMMDD, 民族 code.
    const gender = r.bindings.find((b) => b.field === 'gender')!;
    // Codes are stored (GB/T 2261.1): the name 男 becomes 1.
    expect(['1', '男', '2', '女'].map((v) => gender.toField!(v))).toEqual(['1', '1', '2', '2']);
    const school = resolveColumns('schools', [
      '学校代码',
      '学校名称',
      '行政区划码',
      '宽带接入速率',
      '教室数',
    ]);
    expect(school.bindings.map((b) => b.field)).toEqual([
      'code',
      'name',
      'regionCode',
      'broadbandMbps',
      'classrooms',
    ]);
  });

  it('lets a mapping file override a Chinese label the CLI knows', () => {
    const r = resolveColumns('students', ['学籍号', '姓名', '曾用名'], { 姓名: 'unused', 曾用名: 'XM' });
    expect(r.bindings.map((b) => [b.column, b.field])).toEqual([
      ['学籍号', 'registryNumber'],
      ['曾用名', 'name'],
    ]);
    expect(r.ignored).toEqual(['姓名']);
  });

  it('reports two columns that fill the same field', () => {
    expect(resolveColumns('students', ['name', 'XM']).duplicates).toEqual(['name (columns name and XM)']);
  });

  it('writes JY/T columns with their codes and value forms for export', () => {
    expect(exportColumns('students', 'jyt').map((c) => c.column)).toEqual([
      'XJH',
      'XM',
      'XBM',
      'CSRQ',
      'SFZJH',
      'MZM',
      'XXDM',
      'BJDM',
      'XJZTM',
      'RXNF',
      'SFZJLXM',
      'GATQWM',
      'HKXZM',
      'LSETM',
      'SFSQZN',
      'CJLXM',
      'JKZKM',
    ]);
    expect(exportCell('students', 'jyt', 'gender', 'FEMALE')).toBe('2');
    expect(exportCell('students', 'jyt', 'status', '01')).toBe('01');
    expect(exportCell('students', 'jyt', 'birthDate', '2020-08-31')).toBe('20200831');
    expect(exportCell('students', 'english', 'idNumber', null)).toBe('');
    expect(exportCell('teachers', 'english', 'subjects', ['语文', '数学'])).toBe('语文;数学');
  });
});

describe('records from files', () => {
  it('turns a JY/T GB18030 row into the English record (gender code, YYYYMMDD date, ethnicity code)', async () => {
    const csv =
      'XJH,XM,XBM,CSRQ,SFZJH,MZM,XXDM,BJDM,XJZTM,RXNF\n' +
      'G330102202008311437,李乐恒,1,20200831,330102202008311437,01,2133000001,2133000001202601,01,2026\n';
    const got = await items('jyt.csv', iconv.encode(csv, 'gb18030'));
    expect(got).toEqual([{ line: 2, key: student.registryNumber, record: student, problems: [] }]);
  });

  it('reads code values, Chinese names and the old English values of coded fields as codes (XBM=1, 男, MALE)', async () => {
    const rows = [
      'G330102202008311437,李乐恒,1,20200831,330102202008311437,01,2133000001,2133000001202601,01,2026',
      'G330102202008311437,李乐恒,男,20200831,330102202008311437,汉族,2133000001,2133000001202601,在读,2026',
      'G330102202008311437,李乐恒,MALE,20200831,330102202008311437,汉,2133000001,2133000001202601,ENROLLED,2026',
      'G330102202008311437,李乐恒,男性,20200831,330102202008311437,1,2133000001,2133000001202601,1,2026',
    ];
    const csv = 'XJH,XM,XBM,CSRQ,SFZJH,MZM,XXDM,BJDM,XJZTM,RXNF\n' + rows.join('\n') + '\n';
    const got = await items('codes.csv', iconv.encode(csv, 'gb18030'));
    expect(got.map((g) => [g.problems, g.record])).toEqual(rows.map(() => [[], student]));
    const bad = csv.replace(',01,2026\n', ',在校生,2026\n');
    expect((await items('bad-code.csv', bad))[0]!.problems).toEqual([
      {
        field: 'status',
        reason: expect.stringMatching(/"在校生" is not a code or name of 学籍状态.*\(XJZTM\): 01 在读/),
      },
    ]);
  });

  it("lets a code the built-in tables lack through without a hub, and refuses it against the hub's code sets, in Chinese too", () => {
    const raw = { ...student, gender: '3', status: '13' };
    // Dry run without a hub: the hub's code sets may hold codes this release lacks.
    expect(coerceRecord(kindSpecs.students, raw, builtInCodes).problems).toEqual([]);
    // The hub's code sets as the graph gives them: a province added 学籍状态 13, 性别 3 is no code.
    const hub: CodeSource = {
      origin: 'hub',
      table: (table) =>
        table === 'XJZTM'
          ? {
              name: '学籍状态',
              entries: [...builtInCodes.table('XJZTM')!.entries, { code: '13', name: '交流' }],
            }
          : builtInCodes.table(table),
    };
    const { problems } = coerceRecord(kindSpecs.students, raw, hub);
    expect(problems).toEqual([
      {
        field: 'gender',
        reason: '"3" is not a code or name of 性别 (XBM): 0 未知的性别, 1 男性, 2 女性, 9 未说明的性别',
      },
    ]);
    setLanguage('zh');
    try {
      expect(t().localReason(problems[0]!.reason)).toBe(
        '"3" 不是性别（XBM）的代码或名称，可用：0 未知的性别, 1 男性, 2 女性, 9 未说明的性别',
      );
      const [staff] = validateRecord('assignments', { staffNumber: '2133', registryNumber: null });
      expect(t().localReason(staff!.reason)).toBe('2133 不是工号（14 位数字）');
    } finally {
      setLanguage('en');
    }
  });

  it('refuses a CSV file whose header lacks a required column, naming it in English and JY/T', async () => {
    await expect(items('missing.csv', 'registryNumber,name\nG1,x\n')).rejects.toThrow(FileProblem);
    await expect(items('missing2.csv', 'registryNumber,name\nG1,x\n')).rejects.toThrow(
      /gender \(JY\/T XBM 性别码\)/,
    );
  });

  it('reports every bad field of a row by name, with the row line and key, and keeps the good rows', async () => {
    const good = JSON.stringify(student);
    const bad = JSON.stringify({
      ...student,
      registryNumber: 'G330102202008311438',
      gender: '不详',
      enrollmentYear: 'soon',
    });
    const masked = JSON.stringify({
      ...student,
      registryNumber: 'J330102202008311437',
      idNumber: '3301**********1437',
    });
    const got = await items('mixed.ndjson', [good, bad, masked, '{oops'].join('\n'));
    expect(got[0]!.problems).toEqual([]);
    expect(got[1]).toMatchObject({ line: 2, key: 'G330102202008311438', record: null });
    expect(got[1]!.problems.map((p) => p.field)).toEqual(['gender', 'enrollmentYear']);
    expect(got[2]!.problems).toEqual([{ field: 'idNumber', reason: expect.stringMatching(/masked/) }]);
    expect(got[3]).toMatchObject({
      line: 4,
      key: null,
      problems: [{ field: '', reason: expect.stringMatching(/not JSON/) }],
    });
  });

  it('lets NDJSON records leave out nullable fields', async () => {
    const { idNumber: _, ...rest } = student;
    const got = await items(
      'noid.ndjson',
      JSON.stringify({ ...rest, registryNumber: 'L0000000000000000X1' }),
    );
    expect(got[0]).toMatchObject({ record: { idNumber: null }, problems: [] });
  });
});

describe('checks', () => {
  const coerce = (kind: keyof typeof kindSpecs, raw: Record<string, unknown>) =>
    coerceRecord(kindSpecs[kind], raw);

  it('types text cells: numbers, booleans (also 是/否), dates, lists, enums in any case', () => {
    const school = coerce('schools', {
      code: '2133000001',
      name: '上城区实验小学',
      regionCode: '330102',
      address: '杭州',
      centralSchoolCode: '',
      broadbandMbps: '100',
      classrooms: '30',
      multimediaClassrooms: '28',
      principal: '王',
      urban: '是',
    });
    expect(school.problems).toEqual([]);
    expect(school.record).toMatchObject({
      broadbandMbps: 100,
      classrooms: 30,
      urban: true,
      centralSchoolCode: null,
    });
    const teacher = coerce('teachers', {
      subjects: '语文；数学、英语',
      employmentStatus: 'active',
      trainingHours: '12.5',
    });
    expect(teacher.record).toMatchObject({
      subjects: ['语文', '数学', '英语'],
      employmentStatus: 'ACTIVE',
      trainingHours: 12.5,
    });
    expect(coerce('assets', { acquiredDate: '2024/3/5' }).record.acquiredDate).toBe('2024-03-05');
    expect(coerce('assets', { acquiredDate: '2024-02-30' }).problems).toContainEqual({
      field: 'acquiredDate',
      reason: '2024-02-30 is not a calendar date',
    });
  });

  it('checks identifiers with the shared validators', () => {
    expect(validateRecord('students', student)).toEqual([]);
    expect(validateRecord('students', { ...student, idNumber: '330102202008311438' })).toContainEqual({
      field: 'idNumber',
      reason: 'check character is 8, expected 7',
    });
    expect(
      validateRecord('students', { ...student, birthDate: '2020-09-01', gender: '2' }).map((p) => p.field),
    ).toEqual(['birthDate', 'gender']);
    expect(
      validateRecord('schools', {
        code: '9933000001',
        regionCode: '330102',
        centralSchoolCode: null,
        classrooms: 1,
        multimediaClassrooms: 2,
      }).map((p) => p.field),
    ).toEqual(['code', 'multimediaClassrooms']);
    expect(validateRecord('regions', { code: '330102', level: 'COUNTY', parentCode: '330000' })).toEqual([
      { field: 'parentCode', reason: 'the parent of 330102 is 330100, not 330000' },
    ]);
    expect(validateRecord('assets', { assetTag: '2133000002-1', schoolCode: '2133000001' })[0]!.field).toBe(
      'assetTag',
    );
  });
});
