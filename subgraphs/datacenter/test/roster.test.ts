import type { TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRecords, idNumber, students } from './fixtures.ts';
import { READ, startHubWithFixtures, upsert, type Kind } from './hub.ts';

let hub: TestHub;
let writer: string;
let school: string;
let guangdong: string;
beforeAll(async () => {
  ({ hub, writer } = await startHubWithFixtures());
  school = await hub.tokenFor({ org: '2133000001', region: '330102', roles: ['SERVICE'], scopes: READ });
  guangdong = await hub.tokenFor({ org: '440000', roles: ['SERVICE'], scopes: READ });
}, 180_000);
afterAll(() => hub?.stop());

const gql = async (query: string, token: string, variables: Record<string, unknown> = {}) => {
  const body = await hub.gql('datacenter', query, variables, token);
  expect(body.errors).toBeUndefined();
  return body.data!;
};
const statuses = async (kind: Kind, records: object[]) =>
  (await upsert(hub, writer, kind, records)).result!.results.map((r) => [
    r.status,
    r.errors.map((e) => [e.field, e.code]),
  ]);

describe('rostering: terms, courses, enrollments, assignments, guardians', () => {
  it('keeps each record by its natural key: the fixtures sent again are UNCHANGED', async () => {
    for (const kind of ['TERM', 'COURSE', 'ENROLLMENT', 'ASSIGNMENT', 'GUARDIAN'] as const) {
      const { result } = await upsert(hub, writer, kind, allRecords[kind]);
      expect([kind, result!.unchanged]).toEqual([kind, allRecords[kind].length]);
    }
  });

  it("lists a class's students, enrollments and teachers of a term, with the pupil who left in October", async () => {
    const data = await gql(
      `{ classByCode(code: "2133000001202601") {
          autumn: students(term: "330000-2026-1") { totalCount nodes { name } }
          spring: students(term: "330000-2025-2") { totalCount }
          enrollments(term: "330000-2026-1") { nodes { startReason { name } endDate endReason { code name } } }
          teachers(term: "330000-2026-1") { staffNumber }
          assignments(term: "330000-2026-1") { course { code name subject { name } } term { name } }
        } }`,
      writer,
    );
    const c = data.classByCode;
    expect(c.autumn.nodes.map((s: { name: string }) => s.name)).toEqual(['李同学011', '李同学012']);
    expect([c.autumn.totalCount, c.spring.totalCount]).toEqual([2, 0]);
    expect(
      c.enrollments.nodes.map((e: { endReason: { name: string } | null }) => e.endReason?.name ?? null),
    ).toEqual([null, '转出']);
    expect(c.enrollments.nodes[0].startReason.name).toBe('新生入学');
    expect(c.teachers).toEqual([{ staffNumber: '21330000010001' }]);
    expect(c.assignments.map((a: { course: { code: string } }) => a.course.code).sort()).toEqual([
      '2133000001-01',
      'N-2-02',
    ]);
    expect(c.assignments[0].term.name).toBe('2026-2027学年第一学期');
  });

  it("counts a province's enrolment by stage and assignments by subject per term, refused to a county below it", async () => {
    const fields = `enrolledByStage { stage { code name } students } assignmentsBySubject { subject { code } assignments }
      activeTeachers trainingHours averageTrainingHours`;
    const query = `{ region(code: "330000") { autumn: termIndicators(term: "330000-2026-1") { term ${fields} }
      spring: termIndicators(term: "330000-2025-2") { ${fields} } } }`;
    const { autumn, spring } = (await gql(query, writer)).region;
    // Three pupils enrolled this autumn, one left in October; two assignments, 语文 and the school's own.
    expect(autumn.enrolledByStage).toEqual([{ stage: { code: '2', name: '小学' }, students: 2 }]);
    expect(autumn.assignmentsBySubject).toEqual([
      { subject: { code: '02' }, assignments: 1 },
      { subject: { code: '99' }, assignments: 1 },
    ]);
    // Two active teachers in Zhejiang, 60 and 20 hours (the five-year cycle, the same each term).
    expect([autumn.activeTeachers, autumn.trainingHours, autumn.averageTrainingHours]).toEqual([2, 80, 40]);
    expect([spring.enrolledByStage, spring.assignmentsBySubject, spring.trainingHours]).toEqual([[], [], 80]);
    expect((await hub.gql('datacenter', query, {}, guangdong)).data!.region).toBeNull();
    const county = await hub.tokenFor({ org: '330102', roles: ['SERVICE'], scopes: READ });
    const refused = await hub.gql('datacenter', query, {}, county);
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it("shows a school its province's terms and the national courses, and Guangdong neither Zhejiang's terms nor its school's course", async () => {
    const query = `{ terms { nodes { code } } courses { nodes { code stage { name } school { code } } } }`;
    const mine = await gql(query, school);
    expect(mine.terms.nodes.map((t: { code: string }) => t.code)).toEqual(['330000-2025-2', '330000-2026-1']);
    expect(mine.courses.nodes.map((c: { code: string }) => c.code)).toEqual([
      '2133000001-01',
      'N-2-02',
      'N-2-03',
    ]);
    const theirs = await gql(query, guangdong);
    expect(theirs.terms.nodes.map((t: { code: string }) => t.code)).toEqual(['440000-2026-1']);
    expect(theirs.courses.nodes.map((c: { code: string }) => c.code)).toEqual(['N-2-02', 'N-2-03']);
    const other = await hub.gql('datacenter', `{ term(code: "330000-2026-1") { code } }`, {}, guangdong);
    expect(other.data!.term).toBeNull();
  });

  it("gives a student's enrollments and guardians, the phone masked without personal-data", async () => {
    const query = `query($id: ID!) { student(id: $id) {
        enrollments { class { code } term { code } endReason { name } }
        guardians { name relation { code name } phone students { name } } } }`;
    const ids = await gql(`{ students(filter: { schoolCode: "2133000001" }) { nodes { id name } } }`, writer);
    const second = ids.students.nodes.find((s: { name: string }) => s.name === '李同学012').id;
    const full = await gql(query, writer, { id: second });
    expect(full.student.enrollments).toEqual([
      {
        class: { code: '2133000001202601' },
        term: { code: '330000-2026-1' },
        endReason: { name: '转出' },
      },
    ]);
    expect(full.student.guardians).toEqual([
      {
        name: '陈妈妈',
        relation: { code: '52', name: '母亲' },
        phone: '13800000001',
        students: [{ name: '李同学011' }, { name: '李同学012' }],
      },
    ]);
    const masked = await gql(query, school, { id: second });
    expect(masked.student.guardians[0].phone).toBe('138****0001');
  });

  it('refuses records that tie schools together wrongly, naming the field', async () => {
    const klass = '2133000001202601';
    expect(
      await statuses('ENROLLMENT', [
        {
          registryNumber: students[0]!.registryNumber,
          classCode: klass,
          termCode: '440000-2026-1',
          startDate: '2026-09-01',
          startReason: '01',
        },
        {
          registryNumber: students[0]!.registryNumber,
          classCode: klass,
          termCode: '330000-2026-1',
          startDate: '2026-09-01',
          startReason: '01',
          endDate: '2026-10-01',
        },
      ]),
    ).toEqual([
      ['REJECTED', [['termCode', 'MISMATCH']]],
      ['REJECTED', [['endReason', 'REQUIRED']]],
    ]);
    expect(
      await statuses('ASSIGNMENT', [
        { staffNumber: '21330000020001', classCode: klass, courseCode: 'N-2-02', termCode: '330000-2026-1' },
      ]),
    ).toEqual([['REJECTED', [['staffNumber', 'MISMATCH']]]]);
    const guardian = { name: '王爸爸', relation: '父亲', schoolCode: '2133000001' };
    expect(
      await statuses('GUARDIAN', [
        { ...guardian, guardianNumber: 'JH0001X', studentRegistryNumbers: [students[2]!.registryNumber] },
        {
          ...guardian,
          guardianNumber: idNumber('330102', '19850101', '123'),
          studentRegistryNumbers: [students[0]!.registryNumber],
        },
      ]),
    ).toEqual([
      ['REJECTED', [['studentRegistryNumbers', 'MISMATCH']]],
      ['REJECTED', [['guardianNumber', 'INVALID_VALUE']]],
    ]);
  });

  it('carries the new kinds in the change feed, registry numbers and phones masked without personal-data', async () => {
    const query = `{ changes(kinds: [TERM, COURSE, ENROLLMENT, ASSIGNMENT, GUARDIAN], first: 100) { changes { kind key record } } }`;
    const kinds = (await gql(query, writer)).changes.changes.map((c: { kind: string }) => c.kind);
    expect(new Set(kinds)).toEqual(new Set(['TERM', 'COURSE', 'ENROLLMENT', 'ASSIGNMENT', 'GUARDIAN']));
    const seen = (await gql(query, school)).changes.changes;
    const enrollment = seen.find((c: { kind: string }) => c.kind === 'ENROLLMENT');
    expect(enrollment.key).not.toContain(students[0]!.registryNumber.slice(5, 14));
    // Guangdong's feed: its own term, enrollment, assignment and guardian, and the national courses.
    const theirs = (await gql(query, guangdong)).changes.changes.map((c: { kind: string; key: string }) => [
      c.kind,
      c.key,
    ]);
    expect(theirs.filter(([kind]: string[]) => kind !== 'ENROLLMENT')).toEqual([
      ['TERM', '440000-2026-1'],
      ['COURSE', 'N-2-02'],
      ['COURSE', 'N-2-03'],
      ['ASSIGNMENT', '440000-2026-1/2144000001202601/N-2-03/21440000010001'],
      ['GUARDIAN', 'JH2144000001C1'],
    ]);
    expect(theirs.filter(([kind]: string[]) => kind === 'ENROLLMENT')).toHaveLength(1);
    const guardian = seen.find((c: { kind: string }) => c.kind === 'GUARDIAN');
    expect(guardian.record.phone).toBe('138****0001');
    expect(guardian.record.studentRegistryNumbers[0]).not.toBe(students[0]!.registryNumber);
  });

  it('deletes by natural key, leaving a tombstone in the feed and the record out of the class', async () => {
    const key = '330000-2026-1/2133000001202601/2133000001-01/21330000010001';
    const del = await hub.gql(
      'datacenter',
      `mutation($keys: [String!]!) { deleteRecords(kind: ASSIGNMENT, keys: $keys) { deleted results { status } } }`,
      { keys: [key] },
      writer,
    );
    expect(del.data!.deleteRecords).toEqual({ deleted: 1, results: [{ status: 'DELETED' }] });
    const after = await gql(
      `{ classByCode(code: "2133000001202601") { assignments(term: "330000-2026-1") { key } }
         changes(kinds: [ASSIGNMENT], first: 100) { changes { key op } } }`,
      writer,
    );
    expect(after.classByCode.assignments).toEqual([
      { key: '330000-2026-1/2133000001202601/N-2-02/21330000010001' },
    ]);
    expect(after.changes.changes.at(-1)).toEqual({ key, op: 'DELETE' });
  });

  it('lets a national writer add a code through the graph, which students then take, and refuses a provincial one', async () => {
    const add = `mutation($e: [CodeEntryInput!]!) { upsertCodeEntries(entries: $e) { code name validTo } }`;
    const entry = { table: 'XJZTM', code: '13', name: '公派出国', aliases: ['出国'] };
    const provincial = await hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: ['datacenter:read', 'datacenter:write'],
    });
    const refused = await hub.gql('datacenter', add, { e: [entry] }, provincial);
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const abroad = students[3]!;
    expect(await statuses('STUDENT', [{ ...abroad, status: '出国' }])).toEqual([
      ['REJECTED', [['status', 'INVALID_VALUE']]],
    ]);
    const added = await hub.gql('datacenter', add, { e: [entry] }, writer);
    expect(added.data!.upsertCodeEntries).toEqual([{ code: '13', name: '公派出国', validTo: null }]);
    expect(await statuses('STUDENT', [{ ...abroad, status: '出国' }])).toEqual([['UPDATED', []]]);
    const read = await gql(
      `{ codeSet(table: "XJZTM") { name standard entries { code } } student: students(filter: { statusCode: "13" }) { nodes { statusCode { code name } status } } }`,
      writer,
    );
    expect(read.codeSet.entries.map((e: { code: string }) => e.code)).toContain('13');
    expect(read.student.nodes).toEqual([{ statusCode: { code: '13', name: '公派出国' }, status: 'OTHER' }]);
    const bad = await hub.gql('datacenter', add, { e: [{ table: 'NOPE', code: '1', name: 'x' }] }, writer);
    expect(bad.errors![0]!.message).toMatch(/table NOPE is not a code table/);
  });

  it('lets a writer without datacenter:read read the code sets to check its values, and no records', async () => {
    const writeOnly = await hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: ['datacenter:write'] });
    const codes = await hub.gql(
      'datacenter',
      '{ codeSet(table: "XBM") { entries { code } } codeSets { table } }',
      {},
      writeOnly,
    );
    expect(codes.errors).toBeUndefined();
    expect(codes.data!.codeSet.entries.map((e: { code: string }) => e.code)).toEqual(['0', '1', '2', '9']);
    const records = await hub.gql('datacenter', '{ students { totalCount } }', {}, writeOnly);
    expect(records.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('answers coded fields with code and Chinese name, keeps the old enum fields, and withholds health without personal-data', async () => {
    await upsert(hub, writer, 'STUDENT', [
      { ...students[2]!, disability: '视力残疾', health: '一般', leftBehind: '单留守' },
    ]);
    const query = `{ students(filter: { schoolCode: "2133000002" }) { nodes {
        gender genderCode { table code name } status statusCode { code name } ethnicity ethnicityCode { code }
        leftBehind { name } disability { code name } health { code name } } } }`;
    const [full] = (await gql(query, writer)).students.nodes;
    expect(full).toEqual({
      gender: 'MALE',
      genderCode: { table: 'XBM', code: '1', name: '男性' },
      status: 'ENROLLED',
      statusCode: { code: '01', name: '在读' },
      ethnicity: '汉族',
      ethnicityCode: { code: '01' },
      leftBehind: { name: '单亲留守儿童' },
      disability: { code: '1', name: '视力残疾' },
      health: { code: '2', name: '一般或较弱' },
    });
    const province = await hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: READ });
    const [masked] = (await gql(query, province)).students.nodes;
    expect(masked).toMatchObject({ disability: null, health: null, leftBehind: { name: '单亲留守儿童' } });
  });
});
