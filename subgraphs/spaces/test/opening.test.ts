import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpacesInProcess } from './inProcess.ts';
import {
  CLASS_A,
  OPEN_SCHOOL,
  SCHOOL,
  COUNTY,
  YEAR_SCHOOL,
  schoolInput,
  startSpacesHub,
  yearGroupClasses,
  type SpacesHub,
} from './fixture.ts';

describe('opening spaces', () => {
  let h: SpacesHub;
  beforeAll(async () => {
    h = await startSpacesHub();
  }, 180_000);
  afterAll(() => h?.stop());

  it('opens a school, its classes and its people in bulk, refusing people it cannot see', async () => {
    const data = await h.ok(h.tokens.schoolAdmin, OPEN_SCHOOL, { input: schoolInput(h.ids) });
    const r = data.openSchoolSpaces;
    expect({ opened: r.opened, existing: r.existing, rejected: r.rejected }).toEqual({
      opened: 8,
      existing: 0,
      rejected: 1,
    });
    const rejected = r.results.find((l: { status: string }) => l.status === 'REJECTED');
    expect(rejected.key).toBe(`user:${h.ids.gdTeacher}`);
    expect(rejected.error).toMatch(/unknown or outside your organization/);
    const byKey = Object.fromEntries(r.results.map((l: { key: string; space: unknown }) => [l.key, l.space]));
    expect(byKey[`school:${SCHOOL}`]).toMatchObject({
      kind: 'SCHOOL',
      title: '杭州市上城区求是中学',
      visibility: 'PUBLIC',
    });
    expect(byKey[`class:${CLASS_A}`]).toMatchObject({
      kind: 'CLASS',
      title: '七年级(1)班',
      visibility: 'MEMBERS',
    });
    // Real names come from identity, not from the input.
    expect(byKey[`user:${h.ids.teacher}`]).toMatchObject({
      kind: 'PERSONAL',
      title: '王老师',
      visibility: 'SCHOOL',
    });
    expect(byKey[`user:${h.ids.student}`]).toMatchObject({ title: '李明', visibility: 'MEMBERS' });
    // A registry number is personal data: masked for an administrator without personal-data.
    expect(byKey['person:G330***********1236']).toMatchObject({ title: '陈小红' });
  });

  it('opens nothing the second time (idempotent)', async () => {
    const data = await h.ok(h.tokens.schoolAdmin, OPEN_SCHOOL, { input: schoolInput(h.ids) });
    expect(data.openSchoolSpaces).toMatchObject({ opened: 0, existing: 8, rejected: 1 });
  });

  it('opens a year group of 300 pupils from the rosters once, a pupil listed twice included', async () => {
    const school = YEAR_SCHOOL;
    const classes = yearGroupClasses;
    const pupils = Array.from({ length: 300 }, (_, i) => ({
      personNumber: `G3301022013${String(i).padStart(7, '0')}`,
      displayName: `学生${i}`,
      kind: 'STUDENT',
      grade: 7,
      classCodes: [classes[i % 8]!.code],
    }));
    const input = {
      schoolCode: school,
      // An older caller's input (county, names): still accepted.
      regionCode: '330102',
      schoolName: '上城区第七中学',
      classes,
      people: [...pupils, pupils[0]],
    };
    const classMembers = async () =>
      (
        await h.ok(
          h.tokens.countyAdmin,
          `{ spaces(kind: CLASS, organization: "${school}", first: 20) { edges { node { members { totalCount } } } } }`,
        )
      ).spaces.edges.map((e: { node: { members: { totalCount: number } } }) => e.node.members.totalCount);
    const first = await h.ok(h.tokens.countyAdmin, OPEN_SCHOOL, { input });
    expect(first.openSchoolSpaces).toMatchObject({ opened: 309, existing: 1, rejected: 0 });
    expect(await classMembers()).toEqual([38, 38, 38, 38, 37, 37, 37, 37]);
    // Every person and membership is there already: the second call writes nothing.
    const again = await h.ok(h.tokens.countyAdmin, OPEN_SCHOOL, { input });
    expect(again.openSchoolSpaces).toMatchObject({ opened: 0, existing: 310, rejected: 0 });
    expect(await classMembers()).toEqual([38, 38, 38, 38, 37, 37, 37, 37]);
  });

  it('refuses bulk opening to teachers, to another province and for a school outside the caller', async () => {
    const teacher = await h.gql(h.tokens.teacher, OPEN_SCHOOL, { input: schoolInput(h.ids) });
    expect(teacher.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const gd = await h.gql(h.tokens.gdAdmin, OPEN_SCHOOL, { input: schoolInput(h.ids) });
    expect(gd.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await h.gql(h.tokens.schoolAdmin, OPEN_SCHOOL, {
      input: { ...schoolInput(h.ids), schoolCode: '3133000009', people: [], classes: [] },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses bulk opening with SERVICE_UNAVAILABLE when no data center is configured', async () => {
    const spaces = await startSpacesInProcess(h.hub, undefined, { withoutDatacenter: true });
    try {
      const res = await fetch(`${spaces.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.tokens.schoolAdmin}` },
        body: JSON.stringify({ query: OPEN_SCHOOL, variables: { input: schoolInput(h.ids) } }),
      });
      const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.errors?.[0]?.message).toMatch(/data center is not configured \(DATACENTER_URL\)/);
    } finally {
      await spaces.stop();
    }
  });

  it('finds the bulk-opened space when its owner opens it on first use', async () => {
    const mine = await h.ok(h.tokens.student, '{ mySpace { id } }');
    const opened = await h.ok(
      h.tokens.student,
      'mutation { openMySpace { id title kind ownerKind myRole } }',
    );
    expect(opened.openMySpace).toMatchObject({
      id: mine.mySpace.id,
      title: '李明',
      ownerKind: 'STUDENT',
      myRole: 'OWNER',
    });
  });

  it('hands a space opened from the rosters to its owner at first sign-in, with their classes', async () => {
    const number = 'G330102201301011236';
    const roster = await h.ok(
      h.tokens.schoolAdmin,
      '{ spaces(kind: PERSONAL, first: 100) { edges { node { id title owner { id } } } } }',
    );
    const reserved = roster.spaces.edges
      .map((e: { node: any }) => e.node)
      .find((s: { title: string }) => s.title === '陈小红');
    expect(reserved.owner).toBeNull();
    const { id } = await h.hub.createUser({
      username: 'sp.chen',
      displayName: '陈小红',
      kind: 'STUDENT',
      org: SCHOOL,
      region: '330102',
      roles: ['STUDENT'],
      personNumber: number,
      password: 'Correct-Horse-9',
    });
    // Through the gateway, User.space gets personNumber from identity (@requires) and finds the reserved space.
    // A representation's registry number is trusted only from a caller with personal-data.
    const withPersonalData = await h.hub.tokenFor({
      org: SCHOOL,
      region: '330102',
      roles: ['SCHOOL_ADMIN'],
      scopes: ['spaces:read', 'personal-data'],
    });
    const entity = await h.ok(
      withPersonalData,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { space { id } } } }',
      {
        r: [{ __typename: 'User', id, personNumber: number }],
      },
    );
    expect(entity._entities[0].space.id).toBe(reserved.id);
    const token = (await h.hub.signIn('sp.chen', 'Correct-Horse-9', ['spaces:read'])).accessToken;
    const opened = await h.ok(token, 'mutation { openMySpace { id owner { id } myRole } }');
    expect(opened.openMySpace).toEqual({ id: reserved.id, owner: { id }, myRole: 'OWNER' });
    const mine = await h.ok(token, '{ mySpaces { edges { node { kind classCode myRole } } } }');
    expect(mine.mySpaces.edges.map((e: { node: unknown }) => e.node)).toEqual(
      expect.arrayContaining([{ kind: 'CLASS', classCode: `${SCHOOL}202502`, myRole: 'MEMBER' }]),
    );
  });

  it('opens a personal space on first use, once', async () => {
    const first = await h.ok(
      h.tokens.teacher2,
      'mutation { openMySpace { id title visibility owner { id } } }',
    );
    expect(first.openMySpace).toMatchObject({
      title: '周老师',
      visibility: 'SCHOOL',
      owner: { id: h.ids.teacher2 },
    });
    const again = await h.ok(h.tokens.teacher2, 'mutation { openMySpace { id } }');
    expect(again.openMySpace.id).toBe(first.openMySpace.id);
    const service = await h.gql(h.tokens.schoolService, 'mutation { openMySpace { id } }');
    expect(service.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps minors’ spaces within their school', async () => {
    const { mySpace } = await h.ok(h.tokens.student, '{ mySpace { id } }');
    const body = await h.gql(
      h.tokens.student,
      'mutation($id: ID!) { updateSpace(id: $id, input: { visibility: PUBLIC }) { id } }',
      {
        id: mySpace.id,
      },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await h.ok(
      h.tokens.student,
      'mutation($id: ID!) { updateSpace(id: $id, input: { visibility: SCHOOL }) { visibility } }',
      {
        id: mySpace.id,
      },
    );
    expect(ok.updateSpace.visibility).toBe('SCHOOL');
    await h.ok(
      h.tokens.student,
      'mutation($id: ID!) { updateSpace(id: $id, input: { visibility: MEMBERS }) { id } }',
      { id: mySpace.id },
    );
  });
  it('adds people to class spaces opened by an earlier call, and refuses unknown classes', async () => {
    const data = await h.ok(h.tokens.schoolAdmin, OPEN_SCHOOL, {
      input: {
        schoolCode: SCHOOL,
        people: [
          { userId: h.ids.teacher2, kind: 'TEACHER', classCodes: [`${SCHOOL}202502`] },
          { userId: h.ids.teacher, kind: 'TEACHER', classCodes: [`${SCHOOL}209999`] },
        ],
      },
    });
    const lines = data.openSchoolSpaces.results.map(
      (l: { key: string; status: string; error: string | null }) => [l.key, l.status, l.error],
    );
    expect(lines).toEqual([
      [`school:${SCHOOL}`, 'EXISTING', null],
      [
        `user:${h.ids.teacher}`,
        'REJECTED',
        `people.1: class ${SCHOOL}209999 is not a class space of school ${SCHOOL}: list it in classes.`,
      ],
      [`user:${h.ids.teacher2}`, 'EXISTING', null],
    ]);
    const mine = await h.ok(h.tokens.teacher2, '{ mySpaces { edges { node { classCode myRole } } } }');
    expect(mine.mySpaces.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      classCode: `${SCHOOL}202502`,
      myRole: 'MANAGER',
    });
  });

  it('lists a pupil’s roster space and class in mySpaces and myFeed at first sign-in, without openMySpace', async () => {
    // Pupil 5 of the year group opened from the rosters above, signing in for the first time.
    await h.hub.createUser({
      username: 'sp.pupil5',
      displayName: '学生5',
      kind: 'STUDENT',
      org: YEAR_SCHOOL,
      region: COUNTY,
      roles: ['STUDENT'],
      personNumber: 'G33010220130000005',
      password: 'Correct-Horse-9',
    });
    const token = (await h.hub.signIn('sp.pupil5', 'Correct-Horse-9', ['spaces:read'])).accessToken;
    const data = await h.ok(
      token,
      '{ mySpaces { totalCount edges { node { kind title classCode myRole } } } me: mySpace { title myRole } }',
    );
    expect(data.mySpaces.edges.map((e: { node: unknown }) => e.node)).toEqual(
      expect.arrayContaining([
        { kind: 'PERSONAL', title: '学生5', classCode: null, myRole: 'OWNER' },
        { kind: 'CLASS', title: '七年级(6)班', classCode: yearGroupClasses[5]!.code, myRole: 'MEMBER' },
      ]),
    );
    expect(data.mySpaces.totalCount).toBe(2);
    expect(data.me).toEqual({ title: '学生5', myRole: 'OWNER' });
  });

  it('opens the personal space of a teacher with none on their first read, once under concurrent reads', async () => {
    const { id } = await h.hub.createUser({
      username: 'sp.new',
      displayName: '新老师',
      kind: 'TEACHER',
      org: SCHOOL,
      region: COUNTY,
      roles: ['TEACHER'],
      password: 'Correct-Horse-9',
    });
    const token = (await h.hub.signIn('sp.new', 'Correct-Horse-9', ['spaces:read'])).accessToken;
    const reads = await Promise.all(
      Array.from({ length: 4 }, () =>
        h.ok(
          token,
          '{ mySpaces { edges { node { id kind title owner { id } myRole } } } myFeed { totalCount } }',
        ),
      ),
    );
    const ids = new Set(
      reads.flatMap((r) => r.mySpaces.edges.map((e: { node: { id: string } }) => e.node.id)),
    );
    expect(ids.size).toBe(1);
    expect(reads[0]!.mySpaces.edges[0].node).toMatchObject({
      kind: 'PERSONAL',
      title: '新老师',
      owner: { id },
      myRole: 'OWNER',
    });
    const listed = await h.ok(
      h.tokens.schoolAdmin,
      `{ spaces(kind: PERSONAL, organization: "${SCHOOL}", first: 100) { edges { node { title } } } }`,
    );
    expect(
      listed.spaces.edges.filter((e: { node: { title: string } }) => e.node.title === '新老师'),
    ).toHaveLength(1);
  });
});
