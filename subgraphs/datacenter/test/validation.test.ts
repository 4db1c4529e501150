import type { TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber, schools, student, teachers } from './fixtures.ts';
import { READ, startHubWithFixtures, upsert, WRITE, type Kind } from './hub.ts';

let hub: TestHub;
let writer: string;
beforeAll(async () => {
  ({ hub, writer } = await startHubWithFixtures());
}, 180_000);
afterAll(() => hub?.stop());

const KEY_FIELD: Record<Kind, string> = {
  REGION: 'code',
  SCHOOL: 'code',
  CLASS: 'code',
  STUDENT: 'registryNumber',
  TEACHER: 'staffNumber',
  ASSET: 'assetTag',
  TERM: 'code',
  COURSE: 'code',
  ENROLLMENT: 'key',
  ASSIGNMENT: 'key',
  GUARDIAN: 'guardianNumber',
};

/**
 * Sends the batch and returns, per record, its status and the [field, code] of its errors;
 * checks that each result names its record (index and natural key) and each message its field.
 */
async function outcome(kind: Kind, records: object[]) {
  const { result, errors } = await upsert(hub, writer, kind, records);
  expect(errors).toBeUndefined();
  for (const r of result!.results) {
    const sent = (records[r.index] as Record<string, unknown>)[KEY_FIELD[kind]];
    if (typeof sent === 'string' && sent.length > 0) expect(r.key, `record ${r.index}`).toBe(sent);
    for (const e of r.errors) {
      const words = e.field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
      expect(
        e.message.includes(e.field) || e.message.toLowerCase().includes(words),
        `record ${r.index}: "${e.message}" names ${e.field}`,
      ).toBe(true);
    }
  }
  return result!.results.map((r) => [r.index, r.status, r.errors.map((e) => [e.field, e.code])]);
}

describe('validation of sync writes over HTTP with a real token', () => {
  it('names the region field that is wrong', async () => {
    expect(
      await outcome('REGION', [
        { code: '330108', name: '滨江区', level: 'COUNTY', parentCode: '330100' },
        { code: '330109', name: '萧山区', level: 'CITY', parentCode: '330100' },
        { code: '330211', name: '镇海区', level: 'COUNTY', parentCode: '330200' },
        { code: '339', name: '?', level: 'COUNTY', parentCode: '330100' },
      ]),
    ).toEqual([
      [0, 'CREATED', []],
      [1, 'REJECTED', [['level', 'MISMATCH']]],
      [2, 'REJECTED', [['parentCode', 'UNKNOWN_REFERENCE']]],
      [3, 'REJECTED', [['code', 'INVALID_FORMAT']]],
    ]);
  });

  it('checks school codes: type digits, province against the region, unknown region', async () => {
    const base = schools[0]!;
    expect(
      await outcome('SCHOOL', [
        { ...base, code: '2133000009', name: '新学校' },
        { ...base, code: '9933000009' },
        { ...base, code: '2144000009' },
        { ...base, code: '2133000010', regionCode: '330999' },
        { ...base, code: '2133000011', classrooms: 2, multimediaClassrooms: 3 },
      ]),
    ).toEqual([
      [0, 'CREATED', []],
      [1, 'REJECTED', [['code', 'INVALID_FORMAT']]],
      [2, 'REJECTED', [['code', 'MISMATCH']]],
      [3, 'REJECTED', [['regionCode', 'UNKNOWN_REFERENCE']]],
      [4, 'REJECTED', [['multimediaClassrooms', 'OUT_OF_RANGE']]],
    ]);
  });

  it('checks classes against their school', async () => {
    const klass = {
      code: '2133000001202602',
      schoolCode: '2133000001',
      grade: 1,
      name: '一年级(2)班',
      enrollmentYear: 2026,
      headTeacherStaffNumber: null,
    };
    expect(
      await outcome('CLASS', [
        klass,
        { ...klass, code: '2133000077202601', schoolCode: '2133000077' },
        { ...klass, code: '2133000002202609' },
        { ...klass, code: '2133000001202603', grade: 13 },
      ]),
    ).toEqual([
      [0, 'CREATED', []],
      [1, 'REJECTED', [['schoolCode', 'UNKNOWN_REFERENCE']]],
      [2, 'REJECTED', [['code', 'MISMATCH']]],
      [3, 'REJECTED', [['grade', 'OUT_OF_RANGE']]],
    ]);
  });

  it('checks teachers’ ID numbers and gender', async () => {
    const t = teachers[0]!;
    const badCheck = t.idNumber.slice(0, 17) + (t.idNumber.endsWith('0') ? '1' : '0');
    expect(
      await outcome('TEACHER', [
        { ...t, staffNumber: '21330000010002', idNumber: idNumber('330102', '19900101', '233') },
        { ...t, staffNumber: '21330000010003', idNumber: badCheck },
        {
          ...t,
          staffNumber: '21330000010004',
          idNumber: idNumber('330102', '19900101', '244'),
          gender: 'MALE',
        },
        { ...t, staffNumber: '21330000020009' },
      ]),
    ).toEqual([
      [0, 'CREATED', []],
      [1, 'REJECTED', [['idNumber', 'INVALID_CHECK_CHARACTER']]],
      [2, 'REJECTED', [['gender', 'MISMATCH']]],
      [3, 'REJECTED', [['staffNumber', 'MISMATCH']]],
    ]);
  });

  it('checks students: check character, registry number against ID number, birth date, class, status, dates', async () => {
    const s = student('2133000001', '330102', '071');
    const other = idNumber('330102', '20190615', '073');
    expect(
      await outcome('STUDENT', [
        s,
        {
          ...student('2133000001', '330102', '075'),
          idNumber: other.slice(0, 17) + (other.endsWith('1') ? '2' : '1'),
        },
        { ...student('2133000001', '330102', '077'), idNumber: other },
        { ...student('2133000001', '330102', '079'), birthDate: '2019-06-16' },
        { ...student('2133000001', '330102', '081'), classCode: '2133000002202601' },
        {
          ...student('2133000001', '330102', '083'),
          schoolCode: '2133000077',
          classCode: '2133000077202601',
        },
        { ...student('2133000001', '330102', '085'), status: 'EXPELLED' },
        {
          ...student('2133000001', '330102', '087'),
          idNumber: null,
          registryNumber: 'J' + idNumber('330102', '20190230', '087').slice(0, 17) + '0',
          birthDate: '2019-02-30',
        },
      ]),
    ).toEqual([
      [0, 'CREATED', []],
      [1, 'REJECTED', [['idNumber', 'INVALID_CHECK_CHARACTER']]],
      [2, 'REJECTED', [['registryNumber', 'MISMATCH']]],
      [3, 'REJECTED', [['birthDate', 'MISMATCH']]],
      [4, 'REJECTED', [['classCode', 'MISMATCH']]],
      [
        5,
        'REJECTED',
        [
          ['schoolCode', 'UNKNOWN_REFERENCE'],
          ['classCode', 'UNKNOWN_REFERENCE'],
        ],
      ],
      [6, 'REJECTED', [['status', 'INVALID_VALUE']]],
      [
        7,
        'REJECTED',
        [
          ['registryNumber', expect.stringMatching(/INVALID_CHECK_CHARACTER|INVALID_FORMAT/)],
          ['birthDate', 'INVALID_DATE'],
        ],
      ],
    ]);
    const { result } = await upsert(hub, writer, 'STUDENT', [s]);
    expect(result!.results[0]!.status).toBe('UNCHANGED');
  });

  it('checks assets: tag of its school, dates, status', async () => {
    const a = {
      assetTag: '2133000001-0002',
      schoolCode: '2133000001',
      category: 'SERVER',
      name: '服务器',
      quantity: 1,
      unitValue: 20000,
      acquiredDate: '2025-01-01',
      status: 'IN_USE',
    };
    expect(
      await outcome('ASSET', [
        a,
        { ...a, assetTag: '2133000002-0002' },
        { ...a, assetTag: '2133000001-0003', acquiredDate: '2099-01-01' },
        { ...a, assetTag: '2133000001-0004', status: 'LOST', unitValue: 1.234 },
      ]),
    ).toEqual([
      [0, 'CREATED', []],
      [1, 'REJECTED', [['assetTag', 'MISMATCH']]],
      [2, 'REJECTED', [['acquiredDate', 'OUT_OF_RANGE']]],
      [
        3,
        'REJECTED',
        [
          ['unitValue', 'INVALID_FORMAT'],
          ['status', 'INVALID_VALUE'],
        ],
      ],
    ]);
  });

  it('refuses writes without the write scope, and batches over 1,000', async () => {
    const reader = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: READ });
    const denied = await upsert(hub, reader, 'REGION', []);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await hub.gql('datacenter', '{ schools { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const tooMany = await upsert(
      hub,
      writer,
      'REGION',
      Array.from({ length: 1001 }, () => ({
        code: '330108',
        name: 'x',
        level: 'COUNTY',
        parentCode: '330100',
      })),
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BATCH_TOO_LARGE');
  });

  it('lets a provincial writer change only its province', async () => {
    const zj = await hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: WRITE });
    const { result } = await upsert(hub, zj, 'SCHOOL', [
      { ...schools[0]!, principal: '新校长' },
      { ...schools[3]!, principal: '越权' },
    ]);
    expect(result!.results.map((r) => [r.status, r.errors.map((e) => [e.field, e.code])])).toEqual([
      ['UPDATED', []],
      ['REJECTED', [['regionCode', 'OUT_OF_SCOPE']]],
    ]);
  });
});
