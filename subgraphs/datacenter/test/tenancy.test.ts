import type { TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionPath } from '@edugraph/shared';
import { READ, startHubWithFixtures } from './hub.ts';

type Rep = { __typename: string; id?: string; code?: string; personNumber?: string };

let hub: TestHub;
let nation: string;
/** Every record, read with the national token: [typename, id, natural key, orgPath]. */
let everything: { type: string; id: string; key: string; orgPath: string[] }[] = [];

interface Viewer {
  name: string;
  org: string;
  /** The organizations whose paths it may see. */
  token: string;
  /** With `personal-data` too: lookups by a registry number need it. */
  lookupToken: string;
  pathOfOrg: string[];
}
const viewers: Viewer[] = [];

const MASKED_ID = /^\d{4}\*{10}[\dX*]{4}$/;
const FULL_ID = /^\d{17}[\dX]$/;

const LISTS = `{
  regions(first: 100) { nodes { code orgPath } totalCount }
  schools(first: 100) { nodes { id code orgPath region { code } } totalCount }
  classes(first: 100) { nodes { id code orgPath school { code } headTeacher { staffNumber orgPath } } totalCount }
  students(first: 100) { nodes { id registryNumber idNumber birthDate orgPath school { code } class { code } } totalCount }
  teachers(first: 100) { nodes { id staffNumber idNumber orgPath } totalCount }
  assets(first: 100) { nodes { id assetTag orgPath school { code } } totalCount }
}`;

beforeAll(async () => {
  const started = await startHubWithFixtures();
  hub = started.hub;
  nation = started.writer;
  const all = await hub.gql('datacenter', LISTS, {}, nation);
  const d = all.data!;
  everything = [
    ...d.schools.nodes.map((n: any) => ({ type: 'School', id: n.id, key: n.code, orgPath: n.orgPath })),
    ...d.classes.nodes.map((n: any) => ({ type: 'Class', id: n.id, key: n.code, orgPath: n.orgPath })),
    ...d.students.nodes.map((n: any) => ({
      type: 'Student',
      id: n.id,
      key: n.registryNumber,
      orgPath: n.orgPath,
    })),
    ...d.teachers.nodes.map((n: any) => ({
      type: 'Teacher',
      id: n.id,
      key: n.staffNumber,
      orgPath: n.orgPath,
    })),
    ...d.assets.nodes.map((n: any) => ({ type: 'Asset', id: n.id, key: n.assetTag, orgPath: n.orgPath })),
  ];
  const make = async (name: string, org: string, pathOfOrg: string[], region?: string) =>
    viewers.push({
      name,
      org,
      pathOfOrg,
      token: await hub.tokenFor({ org, region, roles: ['SERVICE'], scopes: READ }),
      lookupToken: await hub.tokenFor({
        org,
        region,
        roles: ['SERVICE'],
        scopes: [...READ, 'personal-data'],
      }),
    });
  await make('province 33', '330000', ['100000', '330000']);
  await make('province 44', '440000', ['100000', '440000']);
  await make('county 330106', '330106', ['100000', '330000', '330100', '330106']);
  await make(
    'school 2133000001',
    '2133000001',
    ['100000', '330000', '330100', '330102', '2133000001'],
    '330102',
  );
}, 180_000);
afterAll(() => hub?.stop());

const sees = (v: Viewer, orgPath: string[]) => orgPath.includes(v.org);

describe('tenancy: every path limited to the caller’s subtree', () => {
  it('has fixture data in both provinces', () => {
    expect(everything.filter((r) => r.orgPath.includes('440000')).length).toBeGreaterThan(3);
    expect(everything.filter((r) => r.orgPath.includes('330106')).length).toBeGreaterThan(3);
  });

  it('lists only records of the subtree, with counts to match, and masks personal data', async () => {
    for (const v of viewers) {
      const { data, errors } = await hub.gql('datacenter', LISTS, {}, v.token);
      expect(errors, v.name).toBeUndefined();
      for (const list of ['schools', 'classes', 'students', 'teachers', 'assets', 'regions']) {
        const nodes = data![list].nodes as { orgPath: string[] }[];
        for (const n of nodes)
          expect(sees(v, n.orgPath), `${v.name} ${list} ${JSON.stringify(n)}`).toBe(true);
        expect(data![list].totalCount, `${v.name} ${list}`).toBe(nodes.length);
      }
      const expected = (type: string) =>
        everything.filter((r) => r.type === type && sees(v, r.orgPath)).length;
      expect(data!.students.nodes.length, v.name).toBe(expected('Student'));
      expect(data!.schools.nodes.length, v.name).toBe(expected('School'));
      for (const s of data!.students.nodes) {
        expect(s.idNumber, v.name).toMatch(MASKED_ID);
        expect(s.registryNumber).toMatch(/^[GJL]\d{3}\*+/);
        expect(s.birthDate).toMatch(/^\d{4}-\*\*-\*\*$/);
      }
      for (const t of data!.teachers.nodes) expect(t.idNumber).toMatch(MASKED_ID);
      for (const c of data!.classes.nodes)
        if (c.headTeacher) expect(sees(v, c.headTeacher.orgPath)).toBe(true);
    }
  });

  it('answers lookups by id and natural key only inside the subtree (registry numbers with personal-data)', async () => {
    const query = `query($id: ID!, $key: String!) {
      school(id: $id) { id } schoolByCode(code: $key) { id }
      class(id: $id) { id } classByCode(code: $key) { id }
      student(id: $id) { id idNumber } studentByRegistryNumber(registryNumber: $key) { id }
      teacher(id: $id) { id } teacherByStaffNumber(staffNumber: $key) { id }
      asset(id: $id) { id } assetByTag(assetTag: $key) { id }
    }`;
    const byType: Record<string, [string, string]> = {
      School: ['school', 'schoolByCode'],
      Class: ['class', 'classByCode'],
      Student: ['student', 'studentByRegistryNumber'],
      Teacher: ['teacher', 'teacherByStaffNumber'],
      Asset: ['asset', 'assetByTag'],
    };
    for (const v of viewers) {
      for (const r of everything) {
        const { data, errors } = await hub.gql('datacenter', query, { id: r.id, key: r.key }, v.lookupToken);
        expect(errors).toBeUndefined();
        const [byId, byKey] = byType[r.type]!;
        const want = sees(v, r.orgPath) ? r.id : null;
        expect([data![byId]?.id ?? null, data![byKey]?.id ?? null], `${v.name} ${r.type} ${r.key}`).toEqual([
          want,
          want,
        ]);
        if (data!.student?.idNumber) expect(data!.student.idNumber).toMatch(FULL_ID);
      }
    }
  });

  it('keeps every nested path (region, parent, children, schools, teaching points, classes, head teacher, students) inside the subtree, masked', async () => {
    const query = `query($code: ID!) { region(code: $code) { __typename code orgPath
      parent { __typename code orgPath } children { __typename code orgPath }
      schools(first: 100) { totalCount nodes { __typename code orgPath
        region { __typename code orgPath }
        centralSchool { __typename code orgPath } teachingPoints { __typename code orgPath }
        classes(first: 100) { totalCount nodes { __typename code orgPath school { __typename orgPath }
          headTeacher { __typename staffNumber orgPath idNumber school { __typename orgPath } }
          students(first: 100) { totalCount nodes { __typename registryNumber orgPath idNumber birthDate
            school { __typename orgPath } class { __typename orgPath } } } } } } } } }`;
    const starts: Record<string, string[]> = {
      'province 33': ['100000', '330000', '330106', '440000'],
      'province 44': ['100000', '440000', '330000'],
      'county 330106': ['330000', '330100', '330106', '330102'],
      'school 2133000001': ['330102', '330000', '330106'],
    };
    for (const v of viewers) {
      const students = new Set<string>();
      for (const code of starts[v.name]!) {
        const { data, errors } = await hub.gql('datacenter', query, { code }, v.token);
        const where = `${v.name} from ${code}`;
        // Above the caller a region is named (its own path) but its indicators are refused;
        // elsewhere it is null. No path may hand out a record outside the subtree.
        expect(errors, where).toBeUndefined();
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) return node.forEach(walk);
          if (!node || typeof node !== 'object') return;
          const o = node as Record<string, any>;
          if (o.orgPath) {
            const ok = sees(v, o.orgPath) || (o.__typename === 'Region' && v.pathOfOrg.includes(o.code));
            expect(ok, `${where}: ${JSON.stringify(o).slice(0, 200)}`).toBe(true);
          }
          if (o.idNumber) expect(o.idNumber, where).toMatch(MASKED_ID);
          if (o.birthDate) expect(o.birthDate, where).toMatch(/\*\*/);
          if (o.__typename === 'Student') students.add(o.registryNumber);
          Object.values(o).forEach(walk);
        };
        walk(data);
      }
      // Every student of the subtree is reachable through region → school → class → students.
      expect(students.size, v.name).toBe(
        everything.filter((r) => r.type === 'Student' && sees(v, r.orgPath)).length,
      );
    }
  });

  it('resolves entity references (_entities) only inside the subtree, masked', async () => {
    const representations: Rep[] = [
      ...everything.map((r) => ({ __typename: r.type, id: r.id })),
      ...everything
        .filter((r) => r.type === 'School' || r.type === 'Class')
        .map((r) => ({ __typename: r.type, code: r.key })),
      ...['330000', '330106', '440000', '440103'].map((code) => ({ __typename: 'Region', code })),
      // Links by a student's registry number need personal-data (test/security/personalDataMasking.e2e.ts).
      ...everything
        .filter((r) => r.type === 'Teacher')
        .map((r) => ({ __typename: 'User', id: `u-${r.key}`, personNumber: r.key })),
    ];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on School { id orgPath } ... on Class { id orgPath } ... on Asset { id orgPath }
      ... on Student { id orgPath idNumber birthDate } ... on Teacher { id orgPath teacherId: idNumber }
      ... on Region { code orgPath }
      ... on User { id person { ... on Student { id orgPath idNumber } ... on Teacher { id orgPath teacherId: idNumber } } }
    } }`;
    for (const v of viewers) {
      const { data, errors } = await hub.gql('datacenter', query, { r: representations }, v.token);
      expect(errors, v.name).toBeUndefined();
      const results = data!._entities as any[];
      representations.forEach((rep, i) => {
        const got = results[i];
        if (rep.__typename === 'User') {
          const person = everything.find((r) => r.key === rep.personNumber)!;
          expect(got.person?.id ?? null, `${v.name} User ${rep.personNumber}`).toBe(
            sees(v, person.orgPath) ? person.id : null,
          );
          if (got.person) expect(got.person.idNumber ?? got.person.teacherId).toMatch(MASKED_ID);
          return;
        }
        if (rep.__typename === 'Region') {
          // A region is visible inside the subtree and, by name, on the caller's own path above it.
          const path = regionPath(rep.code!);
          const expected = sees(v, path) || v.pathOfOrg.includes(rep.code!) ? rep.code : null;
          expect(got?.code ?? null, `${v.name} Region ${rep.code}`).toBe(expected);
          return;
        }
        const record = everything.find((r) => r.id === rep.id || r.key === rep.code)!;
        expect(got?.id ?? null, `${v.name} ${rep.__typename} ${record.key}`).toBe(
          sees(v, record.orgPath) ? record.id : null,
        );
        if (got?.idNumber ?? got?.teacherId) expect(got.idNumber ?? got.teacherId).toMatch(MASKED_ID);
        if (got?.birthDate) expect(got.birthDate).toMatch(/\*\*/);
      });
    }
  });

  it('feeds only changes of the subtree, with personal data masked', async () => {
    for (const v of viewers) {
      const { data, errors } = await hub.gql(
        'datacenter',
        '{ changes(first: 1000) { changes { kind key record } endCursor hasMore } }',
        {},
        v.token,
      );
      expect(errors).toBeUndefined();
      const changes = data!.changes.changes as { kind: string; key: string; record: Record<string, any> }[];
      const visibleKeys = new Set(everything.filter((r) => sees(v, r.orgPath)).map((r) => r.key));
      // The kinds LISTS reads (the rostering kinds' feed is checked in roster.test.ts).
      const got = changes.filter((c) => ['SCHOOL', 'CLASS', 'STUDENT', 'TEACHER', 'ASSET'].includes(c.kind));
      expect(got.length, v.name).toBe(visibleKeys.size);
      for (const c of got) {
        if (c.kind === 'STUDENT') {
          expect(c.key).toMatch(/\*/);
          expect(c.record.idNumber).toMatch(MASKED_ID);
          expect(c.record.birthDate).toMatch(/\*\*/);
        } else expect(visibleKeys.has(c.key), `${v.name} ${c.kind} ${c.key}`).toBe(true);
        if (c.kind === 'TEACHER') expect(c.record.idNumber).toMatch(MASKED_ID);
      }
    }
  });

  it('unmasks personal data for a token with the personal-data scope, on every path', async () => {
    const token = await hub.tokenFor({
      org: '330000',
      roles: ['SERVICE'],
      scopes: [...READ, 'personal-data'],
    });
    const { data } = await hub.gql('datacenter', LISTS, {}, token);
    for (const s of data!.students.nodes) expect(s.idNumber).toMatch(FULL_ID);
    const student = everything.find((r) => r.type === 'Student' && r.orgPath.includes('330000'))!;
    const ent = await hub.gql(
      'datacenter',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Student { idNumber birthDate } } }',
      { r: [{ __typename: 'Student', id: student.id }] },
      token,
    );
    expect(ent.data!._entities[0].idNumber).toMatch(FULL_ID);
    const feed = await hub.gql(
      'datacenter',
      '{ changes(first: 1000, kinds: [STUDENT]) { changes { key record } } }',
      {},
      token,
    );
    expect(feed.data!.changes.changes[0].record.idNumber).toMatch(FULL_ID);
    expect(feed.data!.changes.changes[0].key).toMatch(/^G\d{17}[\dX]$/);
  });

  it('computes region indicators for the subtree and refuses them above the caller', async () => {
    const q = `query($code: ID!) { region(code: $code) { code name indicators {
      schools teachingPoints students teachers broadbandConnectedSchools broadbandRatio
      multimediaClassroomRatio teachersMeetingTrainingHours teacherTrainingRatio } } }`;
    const zj = viewers[0]!.token;
    const { data, errors } = await hub.gql('datacenter', q, { code: '330000' }, zj);
    expect(errors).toBeUndefined();
    expect(data!.region.indicators).toEqual({
      schools: 2,
      teachingPoints: 1,
      students: 4,
      teachers: 2,
      broadbandConnectedSchools: 2,
      broadbandRatio: 0.6667,
      multimediaClassroomRatio: 0.5,
      teachersMeetingTrainingHours: 1,
      teacherTrainingRatio: 0.5,
    });
    const gd = await hub.gql('datacenter', q, { code: '330000' }, viewers[1]!.token);
    expect(gd.data!.region).toBeNull();
    const county = await hub.gql('datacenter', q, { code: '330000' }, viewers[2]!.token);
    expect(county.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
