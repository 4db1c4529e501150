import { join } from 'node:path';
import { runServiceCommand, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose, { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpacePathAuditReport } from '../src/audit/orgPaths.ts';

/**
 * Spaces' one-off organization path audit (`npm run audit:org-paths -w @edugraph/spaces`), run
 * as the operator runs it: its own process on spaces' database, asking the real data center
 * with a national token. The spaces under a lying path are written as the old `openSchoolSpaces`
 * stored them: a school of 西湖区 (330106) opened under 上城区 (330102).
 */
const HONEST_SCHOOL = '3133000031'; // 上城区
const OTHER_SCHOOL = '3133000034'; // 西湖区
const OTHER_CLASS = `${OTHER_SCHOOL}202501`;
const GHOST_SCHOOL = '3133000099'; // not in the data center
const path = (county: string, school: string) => ['100000', '330000', '330100', county, school];
const LYING = path('330102', OTHER_SCHOOL);

const space = (key: string, kind: string, title: string, orgPath: string[], extra: object = {}) => ({
  _id: new Types.ObjectId(),
  kind,
  key,
  title,
  description: '',
  visibility: 'MEMBERS',
  orgPath,
  schoolCode: orgPath.at(-1),
  classCode: null,
  grade: null,
  secondary: false,
  openedBy: 'county-admin-330102',
  createdAt: new Date(),
  updatedAt: new Date(),
  ...extra,
});

describe('the spaces organization path audit', () => {
  let hub: TestHub;
  let db: mongoose.Connection;
  let token: string;

  const audit = (...args: string[]) =>
    runServiceCommand(hub, join(import.meta.dirname, '..'), 'src/audit/main.ts', args, {
      AUDIT_TOKEN: token,
    });

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      name: 'spaces-audit',
      schools: [
        { code: HONEST_SCHOOL, regionCode: '330102', name: '上城区诚实中学' },
        {
          code: OTHER_SCHOOL,
          regionCode: '330106',
          name: '西湖区文理中学',
          classes: [{ code: OTHER_CLASS, grade: 7, name: '七年级(1)班' }],
        },
      ],
    });
    token = await hub.tokenFor({ org: '100000', roles: ['NATIONAL_ADMIN'], scopes: ['datacenter:read'] });
    db = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'spaces'), retryWrites: false })
      .asPromise();
    await db.collection('spaces').insertMany([
      space(`school:${HONEST_SCHOOL}`, 'SCHOOL', '上城区诚实中学', path('330102', HONEST_SCHOOL)),
      space(`school:${OTHER_SCHOOL}`, 'SCHOOL', '被接管的学校', LYING),
      space(`class:${OTHER_CLASS}`, 'CLASS', '任意命名的班级', LYING, { classCode: OTHER_CLASS }),
      space('person:G330106201301011234', 'PERSONAL', '花名册学生', LYING, {
        personNumber: 'G330106201301011234',
        ownerKind: 'STUDENT',
      }),
      space(`school:${GHOST_SCHOOL}`, 'SCHOOL', '不存在的学校', path('330102', GHOST_SCHOOL)),
    ]);
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await hub?.stop();
  });

  const stored = async (key: string) => db.collection('spaces').findOne({ key });

  it('reports spaces stored under a path the data center disagrees with, and changes nothing', async () => {
    const run = await audit('--json');
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as SpacePathAuditReport;
    expect(report.checked).toEqual({ spaces: 5, schools: 3 });
    expect(report.findings.map((f) => [f.key, f.problem, f.action]).sort()).toEqual([
      [`class:${OTHER_CLASS}`, 'MISMATCH', 'REPORTED'],
      ['person:G330106201301011234', 'MISMATCH', 'REPORTED'],
      [`school:${OTHER_SCHOOL}`, 'MISMATCH', 'REPORTED'],
      [`school:${GHOST_SCHOOL}`, 'UNKNOWN_SCHOOL', 'REPORTED'],
    ]);
    expect((await stored(`school:${OTHER_SCHOOL}`))?.orgPath).toEqual(LYING);
  });

  it('with --fix moves them to the data center’s path and names, and records why', async () => {
    const run = await audit('--fix');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('3 moved');
    const school = await stored(`school:${OTHER_SCHOOL}`);
    expect([school?.orgPath, school?.title]).toEqual([path('330106', OTHER_SCHOOL), '西湖区文理中学']);
    const klass = await stored(`class:${OTHER_CLASS}`);
    expect([klass?.orgPath, klass?.title]).toEqual([path('330106', OTHER_SCHOOL), '七年级(1)班']);
    expect((await stored('person:G330106201301011234'))?.orgPath).toEqual(path('330106', OTHER_SCHOOL));
    // The honest school and the one the data center does not know are left as they were.
    expect((await stored(`school:${HONEST_SCHOOL}`))?.orgPath).toEqual(path('330102', HONEST_SCHOOL));
    expect((await stored(`school:${GHOST_SCHOOL}`))?.orgPath).toEqual(path('330102', GHOST_SCHOOL));
    const why = await db
      .collection('orgPathAudit')
      .find({ key: `school:${OTHER_SCHOOL}` })
      .toArray();
    expect(why).toHaveLength(1);
    expect(why[0]).toMatchObject({ storedPath: LYING, titleBefore: '被接管的学校', action: 'MOVED' });
    // A second run finds only the school the data center does not know.
    const again = JSON.parse((await audit('--json')).stdout) as SpacePathAuditReport;
    expect(again.findings.map((f) => f.key)).toEqual([`school:${GHOST_SCHOOL}`]);
  });

  it('refuses to run without a token, naming the setting', async () => {
    token = '';
    const run = await audit();
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('AUDIT_TOKEN');
  });
});
