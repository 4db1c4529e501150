import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Finding 1 of issue 13, in spaces: `openSchoolSpaces` built a school's path from the caller's
 * `schoolCode` + `regionCode`, so a county administrator opened the school space (and class
 * spaces named as it liked) of a school in another county by naming its own county. Where the
 * school sits, its name and its classes now come from the data center, asked with the caller's
 * own token; `regionCode` is only a cross-check.
 *
 * The province: 杭州市 330100 with 上城区 330102 (the administrator's county) and 西湖区 330106.
 */
const OWN_SCHOOL = '3133000011'; // 上城区 (330102)
const OWN_CLASS = `${OWN_SCHOOL}202501`;
const OTHER_SCHOOL = '3133000014'; // 西湖区 (330106)
const OTHER_CLASS = `${OTHER_SCHOOL}202501`;

const OPEN = `mutation($input: OpenSchoolSpacesInput!) { openSchoolSpaces(input: $input) {
  opened rejected results { key status error space { kind title orgPath } } } }`;
const SPACES_OF = `query($org: String!) { spaces(organization: $org, first: 50) { edges { node { kind title orgPath } } } }`;

const code = (body: GraphQLBody) => body.errors?.[0]?.extensions?.code;

describe('spaces opens a school only where the data center places it', () => {
  let hub: TestHub;
  let countyAdmin: string;
  let provincialAdmin: string;

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter', 'spaces'],
      name: 'sec-spacesorg',
      schools: [
        {
          code: OWN_SCHOOL,
          regionCode: '330102',
          name: '上城区求是实验中学',
          classes: [{ code: OWN_CLASS, grade: 7, name: '七年级(1)班' }],
        },
        {
          code: OTHER_SCHOOL,
          regionCode: '330106',
          name: '西湖区文理中学',
          classes: [{ code: OTHER_CLASS, grade: 7, name: '七年级(1)班' }],
        },
      ],
    });
    const scopes = ['spaces:read', 'spaces:write', 'datacenter:read'];
    countyAdmin = await hub.tokenFor({ org: '330102', roles: ['COUNTY_ADMIN'], scopes });
    provincialAdmin = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes });
  }, 180_000);
  afterAll(() => hub?.stop());

  const open = (token: string, input: Record<string, unknown>) => hub.gql('spaces', OPEN, { input }, token);

  it('refuses a county administrator opening a school of another county by naming its own county', async () => {
    const attack = await open(countyAdmin, {
      schoolCode: OTHER_SCHOOL,
      regionCode: '330102',
      schoolName: '被接管的学校',
      classes: [{ code: OTHER_CLASS, name: '任意命名的班级', grade: 7 }],
    });
    expect(code(attack)).toBe('FORBIDDEN');
    expect(attack.errors?.[0]?.message).toContain(OTHER_SCHOOL);
    // Without the lie too.
    expect(code(await open(countyAdmin, { schoolCode: OTHER_SCHOOL }))).toBe('FORBIDDEN');
    // Nothing was opened there: the province sees no space of that school.
    const seen = await hub.gql('spaces', SPACES_OF, { org: OTHER_SCHOOL }, provincialAdmin);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.spaces.edges).toEqual([]);
  });

  it('opens the county administrator’s own school where the data center puts it, with its names', async () => {
    const body = await open(countyAdmin, {
      schoolCode: OWN_SCHOOL,
      schoolName: '调用方写的校名',
      classes: [{ code: OWN_CLASS, name: '调用方写的班名' }, { code: `${OWN_SCHOOL}202509` }],
    });
    expect(body.errors).toBeUndefined();
    const lines = Object.fromEntries(
      body.data!.openSchoolSpaces.results.map((l: { key: string }) => [l.key, l]),
    );
    const path = ['100000', '330000', '330100', '330102', OWN_SCHOOL];
    expect(lines[`school:${OWN_SCHOOL}`].space).toEqual({
      kind: 'SCHOOL',
      title: '上城区求是实验中学',
      orgPath: path,
    });
    expect(lines[`class:${OWN_CLASS}`].space).toEqual({ kind: 'CLASS', title: '七年级(1)班', orgPath: path });
    expect(lines[`class:${OWN_SCHOOL}202509`]).toMatchObject({
      status: 'REJECTED',
      error: `classes.1.code: the data center has no class ${OWN_SCHOOL}202509 at school ${OWN_SCHOOL}.`,
    });
  });

  it('refuses a regionCode that disagrees with the data center, naming the field', async () => {
    const body = await open(countyAdmin, { schoolCode: OWN_SCHOOL, regionCode: '330106' });
    expect(code(body)).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.extensions?.field).toBe('regionCode');
    expect(body.errors?.[0]?.message).toMatch(/sits in 330102/);
    const agreeing = await open(countyAdmin, { schoolCode: OWN_SCHOOL, regionCode: '330102' });
    expect(agreeing.errors).toBeUndefined();
  });

  it('refuses a caller whose token cannot read the data center', async () => {
    const token = await hub.tokenFor({
      org: '330102',
      roles: ['COUNTY_ADMIN'],
      scopes: ['spaces:read', 'spaces:write'],
    });
    const body = await open(token, { schoolCode: OWN_SCHOOL });
    expect(code(body)).toBe('FORBIDDEN');
    expect(body.errors?.[0]?.message).toContain('datacenter:read');
  });

  it('answers SERVICE_UNAVAILABLE while the data center is down', async () => {
    await hub.kill('datacenter');
    try {
      const body = await open(countyAdmin, { schoolCode: OWN_SCHOOL });
      expect(code(body)).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await hub.restart('datacenter');
    }
  });
});
