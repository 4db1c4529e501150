import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const USER_FIELDS = 'id username organization orgPath roles';

/**
 * A provincial administrator never sees a user of another province, on any path: `users`
 * (with and without filters), `user`, `userByUsername`, entity references (`_entities`) and
 * mutations; a teacher cannot assign roles.
 */
describe('users: tenancy and role rules', () => {
  let hub: TestHub;
  const ids: Record<string, string> = {};
  let zj: string;
  let gd: string;
  let school: string;
  let teacherToken: string;

  beforeAll(async () => {
    // The schools are placed by the data center: identity asks it where each school sits.
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [
        { code: '2133000001', regionCode: '330102' },
        { code: '2133000002', regionCode: '330106' },
        { code: '2144000001', regionCode: '440106' },
      ],
    });
    const people = [
      {
        username: 'zj.teacher',
        displayName: '浙江老师',
        kind: 'TEACHER',
        org: '2133000001',
        region: '330102',
        roles: ['TEACHER'],
      },
      {
        username: 'zj.other',
        displayName: '浙江另校',
        kind: 'TEACHER',
        org: '2133000002',
        region: '330106',
        roles: ['TEACHER'],
      },
      {
        username: 'zj.county',
        displayName: '上城区管理员',
        kind: 'ADMINISTRATOR',
        org: '330102',
        roles: ['COUNTY_ADMIN'],
      },
      {
        username: 'gd.teacher',
        displayName: '广东老师',
        kind: 'TEACHER',
        org: '2144000001',
        region: '440106',
        roles: ['TEACHER'],
      },
      {
        username: 'gd.admin',
        displayName: '广东管理员',
        kind: 'ADMINISTRATOR',
        org: '440000',
        roles: ['PROVINCIAL_ADMIN'],
      },
    ] as const;
    for (const p of people)
      ids[p.username] = (await hub.createUser({ ...p, roles: [...p.roles], password: 'Correct-Horse-9' })).id;
    zj = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['identity:admin'] });
    gd = await hub.tokenFor({ org: '440000', roles: ['PROVINCIAL_ADMIN'], scopes: ['identity:admin'] });
    school = await hub.tokenFor({
      org: '2133000001',
      region: '330102',
      roles: ['SCHOOL_ADMIN'],
      scopes: ['identity:admin'],
    });
    teacherToken = (await hub.signIn('zj.teacher', 'Correct-Horse-9', ['identity:admin'])).accessToken;
  }, 120_000);
  afterAll(() => hub?.stop());

  const usernames = async (token: string, filter: Record<string, unknown> = {}) => {
    const body = await hub.gql(
      'identity',
      `query($filter: UserFilter) { users(filter: $filter, first: 100) { totalCount edges { node { ${USER_FIELDS} } } } }`,
      { filter },
      token,
    );
    expect(body.errors).toBeUndefined();
    const names = body.data!.users.edges.map((e: { node: { username: string } }) => e.node.username).sort();
    expect(body.data!.users.totalCount).toBe(names.length);
    return names;
  };

  it('lists only the caller subtree, whatever the filter', async () => {
    expect(await usernames(zj)).toEqual(['zj.county', 'zj.other', 'zj.teacher']);
    expect(await usernames(gd)).toEqual(['gd.admin', 'gd.teacher']);
    expect(await usernames(school)).toEqual(['zj.teacher']);
    expect(await usernames(zj, { organization: '440000' })).toEqual([]);
    expect(await usernames(zj, { organization: '2144000001' })).toEqual([]);
    expect(await usernames(zj, { namePrefix: '广东' })).toEqual([]);
    expect(await usernames(gd, { kind: 'TEACHER' })).toEqual(['gd.teacher']);
    expect(await usernames(zj, { organization: '330102' })).toEqual(['zj.county', 'zj.teacher']);
  });

  it('hides other provinces on lookups and entity references', async () => {
    const lookup = await hub.gql(
      'identity',
      `query($id: ID!, $name: String!) { user(id: $id) { id } userByUsername(username: $name) { id } }`,
      { id: ids['gd.teacher'], name: 'gd.teacher' },
      zj,
    );
    expect(lookup.data).toEqual({ user: null, userByUsername: null });
    const entities = await hub.gql(
      'identity',
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { username } } }`,
      {
        reps: [
          { __typename: 'User', id: ids['gd.teacher'] },
          { __typename: 'User', id: ids['zj.teacher'] },
        ],
      },
      zj,
    );
    expect(entities.data!._entities).toEqual([null, { username: 'zj.teacher' }]);
    const anonymous = await hub.gql(
      'identity',
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { username } } }`,
      { reps: [{ __typename: 'User', id: ids['zj.teacher'] }] },
    );
    expect(anonymous.data?._entities ?? [null]).toEqual([null]);
  });

  it('refuses mutations on users of another province as if they did not exist', async () => {
    for (const mutation of [
      `mutation($id: ID!) { disableUser(id: $id) { id } }`,
      `mutation($id: ID!) { resetPassword(id: $id) { temporaryPassword } }`,
      `mutation($id: ID!) { assignRoles(id: $id, roles: [TEACHER]) { id } }`,
    ]) {
      const body = await hub.gql('identity', mutation, { id: ids['zj.teacher'] }, gd);
      expect(body.errors?.[0]?.extensions?.code, mutation).toBe('NOT_FOUND');
    }
    const create = await hub.gql(
      'identity',
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
      {
        input: {
          username: 'sneaky',
          displayName: '越权',
          kind: 'TEACHER',
          organization: '2133000001',
          regionCode: '330102',
          roles: ['TEACHER'],
        },
      },
      gd,
    );
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a teacher cannot assign roles or manage users', async () => {
    const body = await hub.gql(
      'identity',
      `mutation($id: ID!) { assignRoles(id: $id, roles: [SCHOOL_ADMIN]) { id } }`,
      { id: ids['zj.teacher'] },
      teacherToken,
    );
    expect(body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN/);
    const list = await hub.gql('identity', `{ users { totalCount } }`, {}, teacherToken);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const me = await hub.gql('identity', `{ me { username roles } }`, {}, teacherToken);
    expect(me.data!.me).toEqual({ username: 'zj.teacher', roles: ['TEACHER'] });
  });

  it('refuses granting roles above the caller level or of the wrong level', async () => {
    const county = await hub.tokenFor({ org: '330102', roles: ['COUNTY_ADMIN'], scopes: ['identity:admin'] });
    const above = await hub.gql(
      'identity',
      `mutation($id: ID!) { assignRoles(id: $id, roles: [PROVINCIAL_ADMIN]) { id } }`,
      { id: ids['zj.county'] },
      county,
    );
    expect(above.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wrongLevel = await hub.gql(
      'identity',
      `mutation($id: ID!) { assignRoles(id: $id, roles: [SCHOOL_ADMIN]) { roles } }`,
      { id: ids['zj.county'] },
      zj,
    );
    expect(wrongLevel.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'roles' } });
    const ok = await hub.gql(
      'identity',
      `mutation($id: ID!) { assignRoles(id: $id, roles: [SCHOOL_ADMIN, TEACHER]) { roles } }`,
      { id: ids['zj.teacher'] },
      zj,
    );
    expect(ok.data!.assignRoles.roles).toEqual(['SCHOOL_ADMIN', 'TEACHER']);
  });

  it('explains password rules and duplicate usernames', async () => {
    const weak = await hub.gql(
      'identity',
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
      {
        input: {
          username: 'weak.pw',
          displayName: '弱密码',
          kind: 'TEACHER',
          organization: '330102',
          password: 'abc',
        },
      },
      zj,
    );
    expect(weak.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'password' } });
    expect(weak.errors?.[0]?.message).toMatch(/at least 10 characters/);
    const dup = await hub.gql(
      'identity',
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } } }`,
      { input: { username: 'zj.teacher', displayName: '重复', kind: 'TEACHER', organization: '330102' } },
      zj,
    );
    expect(dup.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'username' } });
  });

  it('opens accounts for data-center people idempotently', async () => {
    const people = [
      {
        kind: 'STUDENT',
        personNumber: 'G330102201501010012',
        displayName: '李明',
        organization: '2133000001',
        regionCode: '330102',
      },
      {
        kind: 'TEACHER',
        personNumber: '21330000010001',
        displayName: '陈老师',
        organization: '2133000001',
        regionCode: '330102',
      },
      {
        kind: 'STUDENT',
        personNumber: 'G440106201501010012',
        displayName: '外省',
        organization: '2144000001',
        regionCode: '440106',
      },
      {
        kind: 'STUDENT',
        personNumber: 'bad!',
        displayName: '错号',
        organization: '2133000001',
        regionCode: '330102',
      },
    ];
    const run = () =>
      hub.gql(
        'identity',
        `mutation($people: [PersonAccountInput!]!) { createPersonAccounts(people: $people) { created existing rejected results { index status error temporaryPassword } } }`,
        { people },
        zj,
      );
    const first = (await run()).data!.createPersonAccounts;
    expect(first).toMatchObject({ created: 2, existing: 0, rejected: 2 });
    expect(first.results[2].error).toMatch(/outside your organization/);
    expect(first.results[3].error).toMatch(/personNumber/);
    const second = (await run()).data!.createPersonAccounts;
    expect(second).toMatchObject({ created: 0, existing: 2, rejected: 2 });
    const signIn = await hub.signIn('G330102201501010012', first.results[0].temporaryPassword);
    expect(signIn.accessToken).toBeTruthy();
  });
});
