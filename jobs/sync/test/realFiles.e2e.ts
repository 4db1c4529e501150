import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_SCOPES,
  KIND_ORDER,
  readBack,
  ROSTER_KINDS,
  runCli,
  seedFiles,
  startSyncHub,
  type SyncHub,
} from './syncHub.ts';

/**
 * Files as a new provincial user brings them, through the real hub (identity, datacenter and
 * gateway processes): the seed generator's files imported by a provincial client in the sync
 * README's loop, and a hand-made registry-office student list — Chinese headers, JY/T code
 * values — in GB18030 and as an .xlsx workbook.
 */
const dir = mkdtempSync(join(tmpdir(), 'sync-realfiles-e2e-'));
let h: SyncHub;
let files: Awaited<ReturnType<typeof seedFiles>>;
/** The environment of a sync client of 浙江省 (330000). */
let zj: Record<string, string>;
/** National curriculum courses in the generator's courses file (the nation loads them). */
let nationalCourses = 0;

beforeAll(async () => {
  h = await startSyncHub('realfiles');
  files = await seedFiles(join(dir, 'zj'), 120, { format: 'csv', columns: 'jyt', encoding: 'gb18030' });
  // The nation's sync job loads the organization tree; a province's client can then be registered.
  const nation = await runCli(['import', files.regions, '--kind', 'regions'], h.env, dir);
  expect(nation.code, nation.stderr).toBe(0);
  // … and the national curriculum (courses N-…), which a province's courses file repeats.
  const lines = iconv.decode(readFileSync(files.courses), 'gb18030').split(/\r?\n/);
  const national = [lines[0], ...lines.filter((l) => l.startsWith('N-'))];
  nationalCourses = national.length - 1;
  const curriculumFile = join(dir, 'national-courses.csv');
  writeFileSync(curriculumFile, iconv.encode(national.join('\n') + '\n', 'gb18030'));
  const curriculum = await runCli(['import', curriculumFile, '--kind', 'courses'], h.env, dir);
  expect(curriculum.code, curriculum.stdout + curriculum.stderr).toBe(0);
  const credentials = await h.hub.registerServiceClient({
    org: '330000',
    roles: ['SERVICE'],
    scopes: ALL_SCOPES,
    name: 'sync job 浙江省',
  });
  zj = {
    ...h.env,
    EDUGRAPH_CLIENT_ID: credentials.clientId,
    EDUGRAPH_CLIENT_SECRET: credentials.clientSecret,
  };
});
afterAll(async () => {
  await h?.hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = [
  '学籍号',
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '民族',
  '学校代码',
  '班级代码',
  '学籍状态',
  '入学年份',
];
const SCHOOL = '2133000001';
const CLASS = '2133000001202601';
// Rows 2–6 of the file: three new pupils, one with a gender code the standard lacks, one in a
// class the hub does not have. 学籍状态 is the JY/T 1001 code 01 (在读), once by its name.
const ROWS = [
  ['L900000000000001701', '王小明', '1', '20200105', '', '11', SCHOOL, CLASS, '01', '2026'],
  ['L900000000000001702', '陈思雨', '2', '20200614', '', '05', SCHOOL, CLASS, '01', '2026'],
  ['L900000000000001703', '赵一鸣', '男', '2019-12-30', '', '汉族', SCHOOL, CLASS, '在读', '2026'],
  ['L900000000000001704', '钱多多', '3', '20200301', '', '01', SCHOOL, CLASS, '01', '2026'],
  ['L900000000000001705', '孙不存', '2', '20200302', '', '01', SCHOOL, `${SCHOOL}209999`, '01', '2026'],
];
// As the graph gives them back: codes (GB/T 2261.1 性别, GB/T 3304 民族, JY/T 1001 学籍状态).
const expected = [
  {
    registryNumber: 'L900000000000001701',
    name: '王小明',
    gender: '1',
    birthDate: '2020-01-05',
    ethnicity: '11',
  },
  {
    registryNumber: 'L900000000000001702',
    name: '陈思雨',
    gender: '2',
    birthDate: '2020-06-14',
    ethnicity: '05',
  },
  {
    registryNumber: 'L900000000000001703',
    name: '赵一鸣',
    gender: '1',
    birthDate: '2019-12-30',
    ethnicity: '01',
  },
].map((r) => ({
  ...r,
  idNumber: null,
  schoolCode: SCHOOL,
  classCode: CLASS,
  status: '01',
  enrollmentYear: 2026,
}));

/** A pupil's coded fields as the graph names them (code and the code set's Chinese name). */
async function codedFields(registryNumber: string) {
  const data = await h.client.request<{ s: Record<string, unknown> }>(
    `query($n: String!) { s: studentByRegistryNumber(registryNumber: $n) {
      status statusCode { code name } genderCode { code name } ethnicityCode { code name } } }`,
    { n: registryNumber },
  );
  return data.s;
}

/** The error report's rows as file, line, key, field, and the reasons. */
function report(path: string): { rows: string[]; reasons: string[] } {
  const lines = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1);
  return {
    rows: lines.map((l) => l.split(',').slice(0, 4).join(',')),
    reasons: lines.map((l) => l.split(',').slice(4).join(',')),
  };
}

describe('real files into the hub', () => {
  it("runs the sync README's loop over the generator's files of every kind, rostering too, with a provincial client: its nation, province and the national courses come back UNCHANGED", async () => {
    const regionCount = iconv.decode(readFileSync(files.regions), 'gb18030').trim().split('\n').length - 1;
    for (const kind of [...KIND_ORDER, ...ROSTER_KINDS]) {
      const run = await runCli(['import', files[kind], '--kind', kind, '--lang', 'en'], zj, dir);
      expect(run.code, `${kind}: ${run.stdout}${run.stderr}`).toBe(0);
      if (kind === 'regions')
        expect(run.stdout).toMatch(
          new RegExp(
            `imported ${regionCount} records .*: created 0, updated 0, unchanged ${regionCount}, rejected 0`,
          ),
        );
      else if (kind === 'courses')
        expect(run.stdout).toMatch(
          new RegExp(`: created [1-9]\\d*, updated 0, unchanged ${nationalCourses}, rejected 0`),
        );
      else expect(run.stdout, kind).toMatch(/: created [1-9]\d*, updated 0, unchanged 0, rejected 0/);
    }
    expect(existsSync(`${files.regions}.errors.csv`)).toBe(false);
  });

  it("imports the generator's .xlsx workbooks with Chinese headers of the same province: every record of every kind UNCHANGED", async () => {
    const xlsx = await seedFiles(join(dir, 'zj-xlsx'), 120, {
      format: 'xlsx',
      columns: 'chinese',
      encoding: 'utf8',
    });
    for (const kind of [...KIND_ORDER, ...ROSTER_KINDS]) {
      const run = await runCli(['import', xlsx[kind], '--kind', kind, '--lang', 'en'], zj, dir);
      expect(run.code, `${kind}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout, kind).toMatch(
        /imported (\d+) records .*: created 0, updated 0, unchanged \1, rejected 0/,
      );
    }
  });

  it('imports a hand-made GB18030 student list with Chinese headers and code values, reporting each bad record in Chinese', async () => {
    const path = join(dir, '一年级学生名单.csv');
    writeFileSync(
      path,
      iconv.encode([HEADER, ...ROWS].map((r) => r.join(',')).join('\r\n') + '\r\n', 'gb18030'),
    );
    const chinese = { ...zj, LANG: 'zh_CN.UTF-8' };
    const run = await runCli(
      ['import', path, '--kind', 'students', '--report', 'csv-report.csv'],
      chinese,
      dir,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^已导入 5 条记录，用时 [\d.]+ 秒：新增 3，更新 0，未变 0，拒绝 2$/m);
    expect(run.stdout).toContain('错误报告：csv-report.csv');
    const { rows, reasons } = report(join(dir, 'csv-report.csv'));
    expect(rows).toEqual([
      '一年级学生名单.csv,5,L900000000000001704,gender',
      '一年级学生名单.csv,6,L900000000000001705,classCode',
    ]);
    // Checked by the CLI against the hub's code sets (性别, XBM), before anything is sent.
    expect(reasons[0]).toMatch(
      /^"""3"" 不是性别（XBM）的代码或名称，可用：0 未知的性别, 1 男性, 2 女性, 9 未说明的性别/,
    );
    // The hub's reason as the hub sent it, behind the words for its code.
    expect(reasons[1]).toMatch(/^引用的记录不存在：.*2133000001209999.*\(UNKNOWN_REFERENCE\)/);
    const back = await readBack(h.client, 'students');
    for (const record of expected) expect(back.get(record.registryNumber)).toMatchObject(record);
    expect(await codedFields('L900000000000001703')).toEqual({
      status: 'ENROLLED',
      statusCode: { code: '01', name: '在读' },
      genderCode: { code: '1', name: '男性' },
      ethnicityCode: { code: '01', name: '汉族' },
    });
    expect(back.has('L900000000000001704')).toBe(false);
    expect(back.has('L900000000000001705')).toBe(false);
  });

  it('imports the same list as an .xlsx workbook: the three pupils UNCHANGED, the same two rows reported', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('学生名单');
    sheet.addRow(HEADER);
    for (const row of ROWS) sheet.addRow(row);
    // A birth date typed as a date and a year typed as a number, as spreadsheets hold them.
    sheet.getCell('D2').value = new Date(Date.UTC(2020, 0, 5));
    sheet.getCell('J2').value = 2026;
    const path = join(dir, '一年级学生名单.xlsx');
    await workbook.xlsx.writeFile(path);
    const run = await runCli(
      ['import', path, '--kind', 'students', '--report', 'xlsx-report.csv', '--lang', 'en'],
      zj,
      dir,
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/imported 5 records .*: created 0, updated 0, unchanged 3, rejected 2/);
    expect(report(join(dir, 'xlsx-report.csv')).rows).toEqual([
      '一年级学生名单.xlsx,5,L900000000000001704,gender',
      '一年级学生名单.xlsx,6,L900000000000001705,classCode',
    ]);
    const back = await readBack(h.client, 'students');
    for (const record of expected) expect(back.get(record.registryNumber)).toMatchObject(record);
  });

  it('exports the province as a OneRoster 1.2 CSV folder whose files refer to each other, birth dates left out unless unmasked', async () => {
    const out = join(dir, 'oneroster');
    const run = await runCli(['export', '--format', 'oneroster', '-o', out], zj, dir);
    expect(run.code, run.stderr).toBe(0);
    const read = (file: string) => {
      const text = readFileSync(join(out, `${file}.csv`), 'utf8');
      expect(text.charCodeAt(0), `${file} has no BOM`).not.toBe(0xfeff);
      return {
        header: text.split('\n')[0],
        rows: parse(text, { columns: true }) as Record<string, string>[],
      };
    };
    const manifest = new Map(read('manifest').rows.map((r) => [r.propertyName, r.value]));
    expect(manifest.get('oneroster.version')).toBe('1.2');
    for (const f of [
      'orgs',
      'academicSessions',
      'courses',
      'classes',
      'users',
      'roles',
      'enrollments',
      'demographics',
    ])
      expect(manifest.get(`file.${f}`), f).toBe('bulk');
    expect(manifest.get('file.lineItems')).toBe('absent');

    const users = read('users');
    expect(users.header).toBe(
      'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,' +
        'email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,' +
        'preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns',
    );
    const enrollments = read('enrollments');
    expect(enrollments.header).toBe(
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
    );
    const orgs = read('orgs').rows;
    const sessions = read('academicSessions').rows;
    const courses = read('courses').rows;
    const classes = read('classes').rows;
    const roles = read('roles').rows;
    const demographics = read('demographics').rows;

    const kinds = [
      'students',
      'teachers',
      'classes',
      'terms',
      'courses',
      'enrollments',
      'assignments',
      'guardians',
    ] as const;
    const hub = Object.fromEntries(
      await Promise.all(kinds.map(async (k) => [k, await readBack(h.client, k)] as const)),
    ) as Record<(typeof kinds)[number], Awaited<ReturnType<typeof readBack>>>;
    expect(
      hub.terms.size && hub.enrollments.size && hub.assignments.size && hub.guardians.size,
    ).toBeGreaterThan(0);
    expect(users.rows).toHaveLength(hub.students.size + hub.teachers.size + hub.guardians.size);
    expect(classes).toHaveLength(hub.classes.size);
    const withHead = [...hub.classes.values()].filter((c) => c.headTeacherStaffNumber).length;
    // 学生在班 and 任课 records are the enrollments, with the head teachers as primary teachers.
    expect(enrollments.rows).toHaveLength(hub.enrollments.size + hub.assignments.size + withHead);
    const byRole = (role: string) => enrollments.rows.filter((e) => e.role === role);
    expect(byRole('student')).toHaveLength(hub.enrollments.size);
    expect(byRole('student').every((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.beginDate!))).toBe(true);
    // Transfers: some enrollments end within the term.
    expect(byRole('student').some((e) => e.endDate)).toBe(true);
    expect(orgs.find((o) => o.sourcedId === '330000')).toMatchObject({ type: 'state', parentSourcedId: '' });
    expect(orgs.find((o) => o.sourcedId === SCHOOL)).toMatchObject({ type: 'school' });

    // Terms are semesters of their school year; every course of the hub is a course.
    for (const [code, term] of hub.terms)
      expect(sessions.find((x) => x.sourcedId === code)).toMatchObject({
        type: 'semester',
        title: term.name,
        startDate: term.startDate,
        parentSourcedId: `school-year-${term.schoolYear}`,
        schoolYear: String(Number(term.schoolYear) + 1),
      });
    for (const [code, course] of hub.courses) {
      const row = courses.find((x) => x.sourcedId === code);
      expect(row, code).toMatchObject({ title: course.name, subjectCodes: course.subject });
      expect(row!.orgSourcedId).toBe(course.orgCode === '100000' ? '100000' : course.orgCode);
    }
    expect(orgs.find((o) => o.sourcedId === '100000')).toMatchObject({ type: 'national' });

    // Every reference resolves inside the folder.
    const ids = (rows: Record<string, string>[]) => new Set(rows.map((r) => r.sourcedId));
    const orgIds = ids(orgs);
    const userIds = ids(users.rows);
    const classIds = ids(classes);
    const courseIds = ids(courses);
    const sessionIds = ids(sessions);
    for (const o of orgs) if (o.parentSourcedId) expect(orgIds.has(o.parentSourcedId)).toBe(true);
    for (const x of sessions) if (x.parentSourcedId) expect(sessionIds.has(x.parentSourcedId)).toBe(true);
    for (const c of courses) expect(orgIds.has(c.orgSourcedId!)).toBe(true);
    for (const c of classes) {
      expect(courseIds.has(c.courseSourcedId!)).toBe(true);
      for (const term of c.termSourcedIds!.split(',')) expect(sessionIds.has(term), term).toBe(true);
      expect(orgIds.has(c.schoolSourcedId!)).toBe(true);
    }
    expect(classes.some((c) => hub.terms.has(c.termSourcedIds!.split(',')[0]!))).toBe(true);
    for (const e of enrollments.rows) {
      expect(classIds.has(e.classSourcedId!)).toBe(true);
      expect(userIds.has(e.userSourcedId!)).toBe(true);
    }
    for (const r of roles) expect(userIds.has(r.userSourcedId!) && orgIds.has(r.orgSourcedId!)).toBe(true);
    const people = users.rows.filter((u) => !u.sourcedId!.startsWith('guardian-'));
    expect(new Set(demographics.map((d) => d.sourcedId))).toEqual(ids(people));

    // Guardians are parents (51 父亲, 52 母亲) or guardians, agents of their students and back.
    const guardianRows = users.rows.filter((u) => u.sourcedId!.startsWith('guardian-'));
    const roleOf = new Map(roles.map((r) => [r.userSourcedId, r.role]));
    for (const g of guardianRows) {
      const record = hub.guardians.get(g.identifier!)!;
      expect(roleOf.get(g.sourcedId)).toBe(
        ['51', '52'].includes(String(record.relation)) ? 'parent' : 'guardian',
      );
      expect(g.phone).toBe('');
      for (const student of g.agentSourcedIds!.split(',')) {
        const row = users.rows.find((u) => u.sourcedId === student)!;
        expect(roleOf.get(student)).toBe('student');
        expect(row.agentSourcedIds!.split(',')).toContain(g.sourcedId);
      }
    }
    expect(guardianRows.length).toBe(hub.guardians.size);
    // Sex from the GB/T 2261.1 code: 1 male, 2 female.
    const sexes = new Map(demographics.map((d) => [d.sourcedId, d.sex]));
    const teacherRow = people.find((u) => u.username === [...hub.teachers.keys()][0])!;
    const teacherGender = hub.teachers.get(teacherRow.username!)!.gender;
    expect(sexes.get(teacherRow.sourcedId)).toBe(teacherGender === '1' ? 'male' : 'female');

    // Without personal-data the hub masks birth dates and registry numbers, and so does the folder.
    const pupil = users.rows.find((u) => u.familyName === '王' && u.givenName === '小明')!;
    expect(pupil).toMatchObject({
      enabledUser: 'true',
      grades: '01',
      primaryOrgSourcedId: SCHOOL,
      userIds: '',
    });
    expect(pupil.identifier).toMatch(/\*/);
    expect(demographics.every((d) => d.birthDate === '')).toBe(true);
    expect(demographics.find((d) => d.sourcedId === pupil.sourcedId)).toMatchObject({ sex: 'male' });

    const unmasked = join(dir, 'oneroster-pd');
    const pd = await runCli(['export', '--format', 'oneroster', '--personal-data', '-o', unmasked], zj, dir);
    expect(pd.code, pd.stderr).toBe(0);
    const pdUsers = parse(readFileSync(join(unmasked, 'users.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const pdPupil = pdUsers.find((u) => u.identifier === 'L900000000000001701')!;
    expect(pdPupil).toMatchObject({ username: 'L900000000000001701', userIds: '{XJH:L900000000000001701}' });
    const pdDemographics = parse(readFileSync(join(unmasked, 'demographics.csv')), {
      columns: true,
    }) as Record<string, string>[];
    expect(pdDemographics.find((d) => d.sourcedId === pdPupil.sourcedId)?.birthDate).toBe('2020-01-05');
    // Unmasked, a guardian's phone is its contact.
    const pdGuardian = pdUsers.find((u) => u.sourcedId!.startsWith('guardian-') && u.phone)!;
    expect(pdGuardian.phone).toBe(hub.guardians.get(pdGuardian.identifier!)!.phone);
  });
});
