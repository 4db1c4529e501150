import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Finding 1 of issue 13 (critical): a county administrator created a client and a user bound to
 * a school of another county by naming its own county as `regionCode`; the client's token then
 * read that school's students. Where an organization sits now comes from the data center, and
 * every identity mutation checks the caller against that place.
 *
 * The province: 杭州市 330100 with 上城区 330102 and 西湖区 330106, 宁波市 330200 with 海曙区 330203.
 */
const OWN_SCHOOL = '2133000001'; // 上城区 (330102)
const SAME_COUNTY_SCHOOL = '2133000002'; // 上城区 (330102)
const OTHER_COUNTY_SCHOOL = '2133000004'; // 西湖区 (330106), the school of the probe
const OTHER_CITY_SCHOOL = '2133000009'; // 海曙区 (330203), 宁波市

/** Each administrator level, an organization outside its subtree, and the county it names for it. */
const LEVELS = [
  {
    level: 'city administrator (杭州市)',
    token: { org: '330100', roles: ['CITY_ADMIN'] },
    outside: OTHER_CITY_SCHOOL,
    county: '330203',
    lie: '330102',
  },
  {
    level: 'county administrator (上城区, the probe)',
    token: { org: '330102', roles: ['COUNTY_ADMIN'] },
    outside: OTHER_COUNTY_SCHOOL,
    county: '330106',
    lie: '330102',
  },
  {
    level: 'school administrator',
    token: { org: OWN_SCHOOL, region: '330102', roles: ['SCHOOL_ADMIN'] },
    outside: SAME_COUNTY_SCHOOL,
    // The neighbour school really is in 上城区: naming it is no lie, and still refused.
    county: '330102',
    lie: '330102',
  },
] as const;

const ADMIN_SCOPES = ['identity:admin', 'datacenter:read', 'personal-data'];

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id orgPath } } }`;
const REGISTER_CLIENT = `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { clientId orgPath } clientSecret } }`;
const PERSON_ACCOUNTS = `mutation($people: [PersonAccountInput!]!) { createPersonAccounts(people: $people) { created rejected results { status error } } }`;
const ON_USER = {
  disableUser: `mutation($id: ID!) { disableUser(id: $id) { id } }`,
  enableUser: `mutation($id: ID!) { enableUser(id: $id) { id } }`,
  resetPassword: `mutation($id: ID!) { resetPassword(id: $id) { temporaryPassword } }`,
  assignRoles: `mutation($id: ID!) { assignRoles(id: $id, roles: [TEACHER]) { id } }`,
};
const ON_CLIENT = {
  rotateClientSecret: `mutation($id: ID!) { rotateClientSecret(clientId: $id) { clientSecret } }`,
  disableClient: `mutation($id: ID!) { disableClient(clientId: $id) { clientId } }`,
};

const code = (body: GraphQLBody) => body.errors?.[0]?.extensions?.code;

describe('identity administration stays inside the caller’s subtree, placed by the data center', () => {
  let hub: TestHub;
  let bootstrap: string;
  let identityDb: mongoose.Connection;
  const tokens: Record<string, string> = {};
  /** Per outside school: a user and a client there (made by the national bootstrap client). */
  const outsideUser: Record<string, string> = {};
  const outsideClient: Record<string, string> = {};
  let poisonedUser: string;
  const poisonedClient = 'poisoned-client';

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      name: 'sec-idadmin',
      schools: [
        { code: OWN_SCHOOL, regionCode: '330102' },
        { code: SAME_COUNTY_SCHOOL, regionCode: '330102' },
        { code: OTHER_COUNTY_SCHOOL, regionCode: '330106' },
        { code: OTHER_CITY_SCHOOL, regionCode: '330203' },
      ],
    });
    bootstrap = await hub.tokenFor({ org: '100000', roles: ['NATIONAL_ADMIN'], scopes: ADMIN_SCOPES });
    for (const l of LEVELS)
      tokens[l.level] = await hub.tokenFor({ ...l.token, roles: [...l.token.roles], scopes: ADMIN_SCOPES });
    // regionCode (true here) is only a cross-check now; it lets this setup run on the old code too.
    for (const [school, region] of [
      [SAME_COUNTY_SCHOOL, '330102'],
      [OTHER_COUNTY_SCHOOL, '330106'],
      [OTHER_CITY_SCHOOL, '330203'],
    ] as const) {
      outsideUser[school] = (
        await hub.createUser({
          username: `teacher.${school}`,
          displayName: '外校老师',
          kind: 'TEACHER',
          org: school,
          region,
          roles: ['TEACHER'],
        })
      ).id;
      const client = await hub.gql(
        'identity',
        REGISTER_CLIENT,
        {
          input: {
            name: `sync ${school}`,
            kind: 'SERVICE',
            organization: school,
            regionCode: region,
            scopes: ['datacenter:read'],
          },
        },
        bootstrap,
      );
      outsideClient[school] = client.data!.registerClient.client.clientId;
    }
    // Records as the old code made them for the probe: 西湖区's school stored under 上城区.
    identityDb = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity'), retryWrites: false })
      .asPromise();
    const lyingPath = ['100000', '330000', '330100', '330102', OTHER_COUNTY_SCHOOL];
    const inserted = await identityDb.collection('users').insertOne({
      username: 'poisoned.teacher',
      displayName: '旧记录',
      kind: 'TEACHER',
      organization: OTHER_COUNTY_SCHOOL,
      orgPath: lyingPath,
      roles: ['TEACHER'],
      status: 'ACTIVE',
      passwordHash: 'x',
      mustChangePassword: false,
      createdAt: new Date(),
    });
    poisonedUser = inserted.insertedId.toString();
    await identityDb.collection('clients').insertOne({
      clientId: poisonedClient,
      clientSecret: 'poisoned-secret-0123456789',
      name: 'probe client',
      kind: 'SERVICE',
      organization: OTHER_COUNTY_SCHOOL,
      orgPath: lyingPath,
      scopes: ['datacenter:read', 'personal-data'],
      roles: ['SERVICE'],
      disabled: false,
      createdAt: new Date(),
    });
  }, 180_000);
  afterAll(async () => {
    await identityDb?.close();
    await hub?.stop();
  });

  it('refuses the probe: a county administrator registering a client for a school of another county, naming its own county', async () => {
    const body = await hub.gql(
      'identity',
      REGISTER_CLIENT,
      {
        input: {
          name: '越权同步',
          kind: 'SERVICE',
          organization: OTHER_COUNTY_SCHOOL,
          regionCode: '330102',
          scopes: ['datacenter:read', 'personal-data'],
        },
      },
      tokens['county administrator (上城区, the probe)'],
    );
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'regionCode' } });
    expect(body.errors?.[0]?.message).toContain(`${OTHER_COUNTY_SCHOOL} sits in 330106`);
    const clients = await hub.gql('identity', `{ clients { clientId organization } }`, {}, bootstrap);
    expect(
      clients.data!.clients.filter((c: { organization: string }) => c.organization === OTHER_COUNTY_SCHOOL),
    ).toEqual([
      expect.objectContaining({ clientId: outsideClient[OTHER_COUNTY_SCHOOL] }),
      expect.objectContaining({ clientId: poisonedClient }),
    ]);
  });

  describe.each(LEVELS)('a $level', ({ level, outside, county, lie }) => {
    const token = () => tokens[level]!;
    /** A regionCode that is a lie disagrees with the data center; a true one meets the subtree check. */
    const expectLieRefused = (body: GraphQLBody) =>
      lie === county
        ? expect(code(body)).toBe('FORBIDDEN')
        : expect(body.errors?.[0]).toMatchObject({
            extensions: { code: 'BAD_USER_INPUT', field: 'regionCode' },
          });

    it('cannot create a user outside its subtree, with or without a regionCode', async () => {
      const input = {
        username: `intruder.${outside}`,
        displayName: '越权',
        kind: 'TEACHER',
        organization: outside,
        roles: ['TEACHER'],
      };
      const lying = await hub.gql('identity', CREATE_USER, { input: { ...input, regionCode: lie } }, token());
      expectLieRefused(lying);
      const plain = await hub.gql('identity', CREATE_USER, { input }, token());
      expect(code(plain)).toBe('FORBIDDEN');
      expect(plain.errors?.[0]?.message).toContain(`organization ${outside} is outside your organization`);
      const found = await hub.gql(
        'identity',
        `query($n: String!) { userByUsername(username: $n) { id } }`,
        { n: input.username },
        bootstrap,
      );
      expect(found.data!.userByUsername).toBeNull();
    });

    it('cannot register a client outside its subtree, with or without a regionCode', async () => {
      const input = { name: '越权门户', kind: 'SERVICE', organization: outside, scopes: ['datacenter:read'] };
      const lying = await hub.gql(
        'identity',
        REGISTER_CLIENT,
        { input: { ...input, regionCode: lie } },
        token(),
      );
      expectLieRefused(lying);
      const plain = await hub.gql('identity', REGISTER_CLIENT, { input }, token());
      expect(code(plain)).toBe('FORBIDDEN');
    });

    it('cannot open person accounts outside its subtree', async () => {
      const people = [
        {
          kind: 'STUDENT',
          personNumber: `G${outside}00001`,
          displayName: '甲',
          organization: outside,
          regionCode: lie,
        },
        { kind: 'STUDENT', personNumber: `G${outside}00002`, displayName: '乙', organization: outside },
      ];
      const body = await hub.gql('identity', PERSON_ACCOUNTS, { people }, token());
      expect(body.data!.createPersonAccounts).toMatchObject({ created: 0, rejected: 2 });
      expect(body.data!.createPersonAccounts.results[0].error).toMatch(
        lie === county ? /outside your organization/ : /regionCode .* disagrees with the data center/,
      );
      expect(body.data!.createPersonAccounts.results[1].error).toMatch(/outside your organization/);
    });

    it('cannot disable, enable, reset or re-role a user of an organization outside its subtree', async () => {
      for (const [name, mutation] of Object.entries(ON_USER)) {
        const body = await hub.gql('identity', mutation, { id: outsideUser[outside] }, token());
        expect(code(body), name).toBe('NOT_FOUND');
      }
    });

    it('cannot rotate the secret of or disable a client outside its subtree', async () => {
      for (const [name, mutation] of Object.entries(ON_CLIENT)) {
        const body = await hub.gql('identity', mutation, { id: outsideClient[outside] }, token());
        expect(code(body), name).toBe('NOT_FOUND');
      }
    });
  });

  it('refuses to manage records the old code stored under a lying path, by the data center’s place', async () => {
    const county = tokens['county administrator (上城区, the probe)']!;
    for (const [name, mutation] of Object.entries(ON_USER)) {
      const body = await hub.gql('identity', mutation, { id: poisonedUser }, county);
      expect(code(body), name).toBe('FORBIDDEN');
    }
    for (const [name, mutation] of Object.entries(ON_CLIENT)) {
      const body = await hub.gql('identity', mutation, { id: poisonedClient }, county);
      expect(code(body), name).toBe('FORBIDDEN');
    }
  });

  it('places a user of the caller’s own school by the data center, without regionCode', async () => {
    const body = await hub.gql(
      'identity',
      CREATE_USER,
      {
        input: {
          username: 'own.teacher',
          displayName: '本校老师',
          kind: 'TEACHER',
          organization: OWN_SCHOOL,
          roles: ['TEACHER'],
        },
      },
      tokens['county administrator (上城区, the probe)'],
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.createUser.user.orgPath).toEqual(['100000', '330000', '330100', '330102', OWN_SCHOOL]);
  });

  it('names an organization the data center does not know', async () => {
    const body = await hub.gql(
      'identity',
      CREATE_USER,
      {
        input: {
          username: 'ghost',
          displayName: '无校',
          kind: 'TEACHER',
          organization: '2133999999',
          roles: ['TEACHER'],
        },
      },
      bootstrap,
    );
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'organization' } });
    expect(body.errors?.[0]?.message).toContain('2133999999: the data center has no school with this code');
  });

  it('grants only roles and scopes at or below the caller’s own', async () => {
    const county = tokens['county administrator (上城区, the probe)']!;
    const above = await hub.gql(
      'identity',
      CREATE_USER,
      {
        input: {
          username: 'boss',
          displayName: '升级',
          kind: 'ADMINISTRATOR',
          organization: '330102',
          roles: ['CITY_ADMIN'],
        },
      },
      county,
    );
    expect(above.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'roles' } });
    const scope = await hub.gql(
      'identity',
      REGISTER_CLIENT,
      { input: { name: '审核', kind: 'SERVICE', organization: '330102', scopes: ['resources:review'] } },
      county,
    );
    expect(scope.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'scopes' } });
    const role = await hub.gql(
      'identity',
      REGISTER_CLIENT,
      {
        input: {
          name: '省平台',
          kind: 'SERVICE',
          organization: '330102',
          scopes: ['datacenter:read'],
          roles: ['PROVINCIAL_ADMIN'],
        },
      },
      county,
    );
    expect(role.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'roles' } });
  });
});
