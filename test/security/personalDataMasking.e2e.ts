import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_COUNTY,
  DEMO_SCHOOL,
  FULL_NUMBER,
  startPersonalDataHub,
  type PersonalDataHub,
} from './personalDataHub.ts';

/**
 * Finding 3 of issue 13: full ID numbers went out without `personal-data` (userByUsername, space
 * members) and aliased studentByRegistryNumber lookups confirmed a masked number. Replayed
 * through the gateway and at the subgraphs directly, with real tokens.
 */
describe('personal data is masked and cannot be looked up without personal-data', () => {
  let h: PersonalDataHub;
  let truth: string;
  let platform: string;
  let parent: string;
  let classmate: string;
  let pupil: string;
  /** demo.student's registry number, read with personal-data. */
  let registryNumber: string;
  let pupilId: string;

  const masked = (value: string, full: string) => {
    expect(value).not.toMatch(FULL_NUMBER);
    expect(value).toContain('*');
    expect(value.slice(0, 4)).toBe(full.slice(0, 4));
    expect(value.slice(-4)).toBe(full.slice(-4));
  };

  beforeAll(async () => {
    h = await startPersonalDataHub('pd-masking');
    const read = ['datacenter:read', 'spaces:read'];
    truth = await h.hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: [...read, 'personal-data'] });
    platform = await h.hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: read });
    parent = await h.signIn('demo.parent', read);
    const password = 'Classmate-2026-ok';
    await h.hub.createUser({
      username: 'classmate.li',
      password,
      displayName: '李同学',
      kind: 'STUDENT',
      org: DEMO_SCHOOL,
      region: DEMO_COUNTY,
      roles: ['STUDENT'],
    });
    classmate = await h.signIn('classmate.li', [...read, 'spaces:write'], password);
    pupil = await h.signIn('demo.student', [...read, 'spaces:write']);
    const me = await h.graph('{ userByUsername(username: "demo.student") { id personNumber } }', truth);
    registryNumber = me.data!.userByUsername.personNumber;
    pupilId = me.data!.userByUsername.id;
    expect(registryNumber).toMatch(/^G\d{17}[\dX]$/);
  }, 300_000);
  afterAll(() => h?.stop());

  it("masks a pupil's registry number in userByUsername for a parent, a classmate and a platform token without personal-data", async () => {
    for (const [who, token] of Object.entries({ parent, classmate, platform })) {
      for (const answer of [
        await h.graph('{ userByUsername(username: "demo.student") { personNumber } }', token),
        await h.direct('identity', '{ userByUsername(username: "demo.student") { personNumber } }', token),
        await h.direct(
          'identity',
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { personNumber } } }',
          token,
          { r: [{ __typename: 'User', id: pupilId }] },
        ),
      ]) {
        expect(answer.errors, who).toBeUndefined();
        const user = answer.data!.userByUsername ?? answer.data!._entities[0];
        masked(user.personNumber, registryNumber);
      }
    }
    // The pupil reads their own number.
    const own = await h.graph('{ me { personNumber } }', pupil);
    expect(own.data!.me.personNumber).toBe(registryNumber);
  });

  it('masks registry numbers of space members for classmates and platform tokens', async () => {
    await h.graph('mutation { openMySpace { id } }', pupil);
    const mine = await h.graph(
      '{ mySpaces(first: 5) { edges { node { kind members(first: 100) { edges { node { personNumber } } } } } } }',
      pupil,
    );
    expect(mine.errors).toBeUndefined();
    const classSpace = mine.data!.mySpaces.edges.find((e: any) => e.node.kind === 'CLASS').node;
    const fromPupil: string[] = classSpace.members.edges.map((e: any) => e.node.personNumber).filter(Boolean);
    const listed = await h.graph(
      '{ spaces(kind: CLASS, first: 2) { edges { node { members(first: 100) { edges { node { personNumber } } } } } } }',
      platform,
    );
    expect(listed.errors).toBeUndefined();
    const fromPlatform: string[] = listed.data!.spaces.edges.flatMap((e: any) =>
      e.node.members.edges.map((m: any) => m.node.personNumber).filter(Boolean),
    );
    for (const numbers of [fromPupil, fromPlatform]) {
      expect(numbers.filter((n) => n.startsWith('G')).length).toBeGreaterThan(1);
      for (const n of numbers) expect(n).not.toMatch(FULL_NUMBER);
    }
  });

  it('masks ID numbers, registry numbers and birth dates of the data center without the scope', async () => {
    const answer = await h.graph(
      `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 20) { nodes { registryNumber idNumber birthDate } }
         teachers(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 5) { nodes { idNumber } }
         changes(kinds: [STUDENT], first: 5) { changes { key record } } }`,
      platform,
    );
    expect(answer.errors).toBeUndefined();
    const { students, teachers, changes } = answer.data!;
    for (const s of students.nodes) {
      expect(s.registryNumber).toMatch(/\*/);
      if (s.idNumber) expect(s.idNumber).toMatch(/\*/);
      expect(s.birthDate).toMatch(/^\d{4}-\*\*-\*\*$/);
    }
    for (const t of teachers.nodes) expect(t.idNumber).toMatch(/\*/);
    for (const c of changes.changes) {
      expect(c.key).toMatch(/\*/);
      expect(c.record.registryNumber).toMatch(/\*/);
    }
  });

  it("shows a parent no other pupil's record: lists, class rosters, lookups, entity references, the feed, space rosters", async () => {
    // A parent sees its own children (issue 17: guardian links); any other pupil stays hidden.
    const own = (await h.graph('{ me { children { id } } }', parent)).data!.me.children.map((c: any) => c.id);
    const some = await h.graph(
      `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 5) { nodes { id } } }`,
      truth,
    );
    const studentId = some.data!.students.nodes.map((s: any) => s.id).find((id: string) => !own.includes(id));
    const answer = await h.graph(
      `{ students(first: 20) { totalCount nodes { id } }
         classes(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 3) { nodes { students(first: 50) { totalCount } } }
         student(id: "${studentId}") { id }
         changes(first: 50) { changes { kind } } }`,
      parent,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.students).toEqual({ totalCount: 0, nodes: [] });
    expect(answer.data!.classes.nodes.length).toBeGreaterThan(0);
    for (const c of answer.data!.classes.nodes) expect(c.students.totalCount).toBe(0);
    expect(answer.data!.student).toBeNull();
    expect(answer.data!.changes.changes.filter((c: any) => c.kind === 'STUDENT')).toEqual([]);
    const entities = await h.direct(
      'datacenter',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Student { id } } }',
      parent,
      { r: [{ __typename: 'Student', id: studentId }] },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([null]);
    // Added to a class space, the parent sees its teachers, not its pupils.
    const teacher = await h.signIn('demo.teacher', ['datacenter:read', 'spaces:read', 'spaces:write']);
    await h.graph('mutation { openMySpace { id } }', teacher);
    const spaces = await h.graph('{ mySpaces(first: 50) { edges { node { id kind myRole } } } }', teacher);
    const managed = spaces
      .data!.mySpaces.edges.map((e: any) => e.node)
      .find((s: any) => s.kind === 'CLASS' && s.myRole === 'MANAGER');
    const parentId = (await h.graph('{ me { id } }', parent)).data!.me.id;
    const added = await h.graph(
      'mutation($s: ID!, $m: [MemberInput!]!) { addSpaceMembers(spaceId: $s, members: $m) { id } }',
      teacher,
      { s: managed.id, m: [{ userId: parentId, role: 'MEMBER' }] },
    );
    expect(added.errors).toBeUndefined();
    const roster = await h.graph(
      `{ space(id: "${managed.id}") { members(first: 100) { edges { node { role personNumber } } } } }`,
      parent,
    );
    expect(roster.errors).toBeUndefined();
    const roles = roster.data!.space.members.edges.map((e: any) => e.node.role);
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((r: string) => r === 'MEMBER')).toEqual([]);
  });

  it('refuses the aliased registry-number lookup oracle without personal-data, at the gateway and at the datacenter', async () => {
    // The probe: a masked number's known digits, and candidates for the hidden ones (one is right).
    const candidates = Array.from(
      { length: 29 },
      (_, i) => `${registryNumber.slice(0, -5)}${String(i).padStart(2, '0')}${registryNumber.slice(-3)}`,
    );
    candidates.splice(17, 0, registryNumber);
    const query = `{ ${candidates.map((c, i) => `c${i}: studentByRegistryNumber(registryNumber: "${c}") { id }`).join(' ')} }`;
    for (const answer of [await h.graph(query, platform), await h.direct('datacenter', query, platform)]) {
      const found = Object.values(answer.data ?? {}).filter(Boolean);
      expect(found).toEqual([]);
      expect(answer.errors?.length).toBeGreaterThan(0);
      for (const e of answer.errors!) {
        expect(e.extensions?.code).toBe('FORBIDDEN');
        // The gateway names the scope set ("datacenter:read + personal-data"), the datacenter the scope.
        expect(JSON.stringify(e.extensions?.requiredScopes)).toContain('personal-data');
      }
    }
    // Deleting by registry number would answer the same question (DELETED or not found).
    const writer = await h.hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: ['datacenter:write'] });
    const deleted = await h.direct(
      'datacenter',
      `mutation { deleteRecords(kind: STUDENT, keys: ${JSON.stringify(candidates)}) { deleted } }`,
      writer,
    );
    expect(deleted.data?.deleteRecords ?? null).toBeNull();
    expect(deleted.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['personal-data'],
    });
    // With the scope the lookup works.
    const allowed = await h.graph(
      `{ studentByRegistryNumber(registryNumber: "${registryNumber}") { id } }`,
      truth,
    );
    expect(allowed.data!.studentByRegistryNumber.id).toBeTruthy();
  });

  it('refuses lookups of users by a registry-number username and of data-center people by a forged person number', async () => {
    const other = await h.graph(
      `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 3) { nodes { registryNumber name } } }`,
      truth,
    );
    const number = other.data!.students.nodes[2].registryNumber as string;
    await h.hub.createUser({
      username: number,
      displayName: other.data!.students.nodes[2].name,
      kind: 'STUDENT',
      org: DEMO_SCHOOL,
      region: DEMO_COUNTY,
      roles: ['STUDENT'],
      personNumber: number,
    });
    const byName = await h.graph(`{ userByUsername(username: "${number}") { id } }`, platform);
    expect(byName.data?.userByUsername ?? null).toBeNull();
    expect(byName.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['personal-data'],
    });
    expect(
      (await h.graph(`{ userByUsername(username: "${number}") { id } }`, truth)).data!.userByUsername.id,
    ).toBeTruthy();

    const forged = await h.direct(
      'datacenter',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { person { ... on Student { id } } } } }',
      platform,
      { r: [{ __typename: 'User', id: 'forged', personNumber: number }] },
    );
    expect(JSON.stringify(forged.data ?? {})).not.toMatch(/"id"/);
    expect(forged.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['personal-data'],
    });
  });
});
