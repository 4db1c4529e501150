import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';
import { expect } from 'vitest';

/**
 * A hub with identity and spaces (real processes, real tokens) and the people of the tests:
 * a junior secondary school in 杭州市上城区 with two classes, a primary school in 西湖区, and a
 * school in 广州 (another province).
 */
export const SCHOOL = '3133000001';
export const COUNTY = '330102';
export const CLASS_A = `${SCHOOL}202501`;
export const CLASS_B = `${SCHOOL}202502`;
export const OTHER_SCHOOL = '2133000002';
export const GD_SCHOOL = '3144000001';
export const SCHOOL_NAME = '杭州市上城区求是中学';
/** A second school of the county, for the year group of 300 pupils. */
export const YEAR_SCHOOL = '3133000007';
export const yearGroupClasses = Array.from({ length: 8 }, (_, c) => ({
  code: `${YEAR_SCHOOL}20250${c + 1}`,
  name: `七年级(${c + 1})班`,
  grade: 7,
}));
const PASSWORD = 'Correct-Horse-9';

const people = {
  teacher: {
    username: 'sp.wang',
    displayName: '王老师',
    kind: 'TEACHER',
    org: SCHOOL,
    region: COUNTY,
    roles: ['TEACHER'],
  },
  teacher2: {
    username: 'sp.zhou',
    displayName: '周老师',
    kind: 'TEACHER',
    org: SCHOOL,
    region: COUNTY,
    roles: ['TEACHER'],
  },
  student: {
    username: 'sp.li',
    displayName: '李明',
    kind: 'STUDENT',
    org: SCHOOL,
    region: COUNTY,
    roles: ['STUDENT'],
  },
  classmate: {
    username: 'sp.sun',
    displayName: '孙丽',
    kind: 'STUDENT',
    org: SCHOOL,
    region: COUNTY,
    roles: ['STUDENT'],
  },
  otherClass: {
    username: 'sp.zhao',
    displayName: '赵强',
    kind: 'STUDENT',
    org: SCHOOL,
    region: COUNTY,
    roles: ['STUDENT'],
  },
  schoolAdmin: {
    username: 'sp.admin',
    displayName: '钱校长',
    kind: 'ADMINISTRATOR',
    org: SCHOOL,
    region: COUNTY,
    roles: ['SCHOOL_ADMIN'],
  },
  otherSchoolTeacher: {
    username: 'sp.xihu',
    displayName: '吴老师',
    kind: 'TEACHER',
    org: OTHER_SCHOOL,
    region: '330106',
    roles: ['TEACHER'],
  },
  gdTeacher: {
    username: 'sp.gd',
    displayName: '广州陈老师',
    kind: 'TEACHER',
    org: GD_SCHOOL,
    region: '440106',
    roles: ['TEACHER'],
  },
} as const;
export type Person = keyof typeof people;

export interface SpacesHub {
  hub: TestHub;
  ids: Record<Person, string>;
  tokens: Record<Person | 'countyAdmin' | 'gdAdmin' | 'schoolService', string>;
  gql: (
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<GraphQLBody>;
  /** Data or a failed expectation naming the errors. */
  ok: (
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<Record<string, any>>;
  stop: () => Promise<void>;
}

export async function startSpacesHub(): Promise<SpacesHub> {
  // Identity asks the data center where a school sits: it runs here with the test's schools.
  const hub = await startTestHub({
    services: ['identity', 'datacenter', 'spaces'],
    schools: [
      {
        code: SCHOOL,
        regionCode: COUNTY,
        name: SCHOOL_NAME,
        classes: [
          { code: CLASS_A, name: '七年级(1)班', grade: 7 },
          { code: CLASS_B, name: '七年级(2)班', grade: 7 },
        ],
      },
      { code: YEAR_SCHOOL, regionCode: COUNTY, name: '上城区第七中学', classes: yearGroupClasses },
      { code: OTHER_SCHOOL, regionCode: '330106' },
      { code: GD_SCHOOL, regionCode: '440106' },
    ],
  });
  try {
    const ids = {} as Record<Person, string>;
    for (const [key, p] of Object.entries(people))
      ids[key as Person] = (await hub.createUser({ ...p, roles: [...p.roles], password: PASSWORD })).id;
    // Opening school spaces looks the school up in the data center with the caller's token.
    const scopes = ['spaces:read', 'spaces:write', 'datacenter:read'];
    const tokens = {} as SpacesHub['tokens'];
    for (const [key, p] of Object.entries(people))
      tokens[key as Person] = (await hub.signIn(p.username, PASSWORD, scopes)).accessToken;
    tokens.countyAdmin = await hub.tokenFor({ org: COUNTY, roles: ['COUNTY_ADMIN'], scopes });
    tokens.gdAdmin = await hub.tokenFor({ org: '440000', roles: ['PROVINCIAL_ADMIN'], scopes });
    tokens.schoolService = await hub.tokenFor({
      org: SCHOOL,
      region: COUNTY,
      roles: ['SCHOOL_ADMIN'],
      scopes,
    });
    const gql: SpacesHub['gql'] = (token, query, variables) => hub.gql('spaces', query, variables, token);
    const ok: SpacesHub['ok'] = async (token, query, variables) => {
      const body = await gql(token, query, variables);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!;
    };
    return { hub, ids, tokens, gql, ok, stop: () => hub.stop() };
  } catch (err) {
    await hub.stop();
    throw err;
  }
}

export const OPEN_SCHOOL = /* GraphQL */ `
  mutation ($input: OpenSchoolSpacesInput!) {
    openSchoolSpaces(input: $input) {
      opened
      existing
      rejected
      results {
        key
        status
        error
        space {
          id
          kind
          title
          visibility
        }
      }
    }
  }
`;

/** The school's spaces as an administrator opens them: both classes, teachers and pupils. */
export function schoolInput(ids: Record<Person, string>) {
  return {
    schoolCode: SCHOOL,
    regionCode: COUNTY,
    classes: [{ code: CLASS_A }, { code: CLASS_B }],
    people: [
      { userId: ids.teacher, kind: 'TEACHER', classCodes: [CLASS_A] },
      { userId: ids.student, kind: 'STUDENT', classCodes: [CLASS_A], grade: 7 },
      { userId: ids.classmate, kind: 'STUDENT', classCodes: [CLASS_A], grade: 7 },
      { userId: ids.otherClass, kind: 'STUDENT', classCodes: [CLASS_B], grade: 7 },
      {
        personNumber: 'G330102201301011236',
        displayName: '陈小红',
        kind: 'STUDENT',
        classCodes: [CLASS_B],
        grade: 7,
      },
      { userId: ids.gdTeacher, kind: 'TEACHER' },
    ],
  };
}

/** Opens the school's spaces and returns the ids by key (`school:…`, `class:…`, `user:…`). */
export async function openSchool(h: SpacesHub): Promise<Record<string, string>> {
  const data = await h.ok(h.tokens.schoolAdmin, OPEN_SCHOOL, { input: schoolInput(h.ids) });
  return Object.fromEntries(
    data.openSchoolSpaces.results
      .filter((r: { space: unknown }) => r.space)
      .map((r: { key: string; space: { id: string } }) => [r.key, r.space.id]),
  );
}
