import { appError, errors, tracedFetch, type Logger } from '@edugraph/shared';

/**
 * The two services spaces asks on the caller's behalf (with the caller's own token, so their
 * tenancy applies): identity for users' real names and organizations, the datacenter for where
 * a school sits (the authority on the organization tree), its classes, and the teacher and
 * student totals the indicators divide by.
 */
export interface IdentityUser {
  id: string;
  displayName: string;
  kind: string;
  organization: string;
  orgPath: string[];
  roles: string[];
  personNumber: string | null;
}

export interface IdentityClient {
  /** The users the caller may see, in the order asked (null where not visible or unknown). */
  users(ids: readonly string[], token: string): Promise<(IdentityUser | null)[]>;
  me(token: string): Promise<IdentityUser | null>;
}

export interface RegionTotals {
  teachers: number;
  secondaryStudents: number;
}

export interface DatacenterClass {
  code: string;
  name: string;
  grade: number;
}

/** A school as the data center has it, with those of the asked class codes that are its classes. */
export interface DatacenterSchool {
  code: string;
  name: string;
  /** Codes from the nation down to the school. */
  orgPath: string[];
  classes: Map<string, DatacenterClass>;
}

export interface DatacenterClient {
  /** Null when the datacenter is not configured, unreachable or refuses. */
  regionTotals(regionCode: string, token: string): Promise<RegionTotals | null>;
  /**
   * The school and those of `classCodes` that belong to it, asked with the caller's token (so
   * the data center's tenancy applies): null when it knows no such school the caller may see.
   * Throws SERVICE_UNAVAILABLE when the data center is not configured or does not answer, and
   * the data center's own FORBIDDEN or UNAUTHENTICATED when it refuses the caller.
   */
  school(code: string, classCodes: readonly string[], token: string): Promise<DatacenterSchool | null>;
}

/** A masked person number (a caller without personal-data) is no number: never stored or matched. */
const unmaskedOnly = (u: IdentityUser): IdentityUser =>
  u.personNumber?.includes('*') ? { ...u, personNumber: null } : u;

const USER_FIELDS = 'id displayName kind organization orgPath roles personNumber';

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string }[] }> {
  const res = await tracedFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string }[] };
}

export function createIdentityClient(identityUrl: string, logger: Logger): IdentityClient {
  const graphql = `${identityUrl.replace(/\/$/, '')}/graphql`;
  const call = async (query: string, variables: Record<string, unknown>, token: string) => {
    try {
      return await post(graphql, query, variables, token);
    } catch (err) {
      logger.warn({ err }, 'identity unreachable');
      throw errors.unavailable('The identity service');
    }
  };
  return {
    async users(ids, token) {
      if (ids.length === 0) return [];
      const body = await call(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { ${USER_FIELDS} } } }`,
        { r: ids.map((id) => ({ __typename: 'User', id })) },
        token,
      );
      const rows = (body.data?._entities as (IdentityUser | null)[] | undefined) ?? ids.map(() => null);
      return rows.map((u) => (u && u.id ? unmaskedOnly(u) : null));
    },
    async me(token) {
      const body = await call(`{ me { ${USER_FIELDS} } }`, {}, token);
      const me = body.data?.me as IdentityUser | null | undefined;
      return me ? unmaskedOnly(me) : null;
    },
  };
}

const SECONDARY_GRADES = [7, 8, 9, 10, 11, 12];

const SCHOOL_QUERY = `query($code: String!, $classes: [_Any!]!) {
  schoolByCode(code: $code) { code name orgPath }
  _entities(representations: $classes) { ... on Class { code name grade school { code } } }
}`;

interface SchoolAnswer {
  data?: {
    schoolByCode?: { code: string; name: string; orgPath: string[] } | null;
    _entities?: ({ code?: string; name?: string; grade?: number; school?: { code: string } | null } | null)[];
  } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function lookUpSchool(
  datacenterUrl: string | undefined,
  logger: Logger,
  code: string,
  classCodes: readonly string[],
  token: string,
): Promise<DatacenterSchool | null> {
  if (!datacenterUrl)
    throw appError(
      'SERVICE_UNAVAILABLE',
      `School ${code}: the data center is not configured (DATACENTER_URL), so spaces cannot tell where the school sits; school spaces are not opened.`,
      { dependency: 'datacenter' },
    );
  let body: SchoolAnswer;
  try {
    const classes = classCodes.map((c) => ({ __typename: 'Class', code: c }));
    body = (await post(datacenterUrl, SCHOOL_QUERY, { code, classes }, token)) as SchoolAnswer;
  } catch (err) {
    logger.warn({ err, school: code }, 'datacenter unreachable for a school lookup');
    throw errors.unavailable('The data center (organization tree)');
  }
  const refusal = body.errors?.find((e) =>
    ['FORBIDDEN', 'UNAUTHENTICATED'].includes(e.extensions?.code ?? ''),
  );
  if (refusal)
    throw appError(
      refusal.extensions!.code as 'FORBIDDEN',
      `The data center refused to look up school ${code} for you: ${refusal.message}`,
    );
  if (body.errors?.length || !body.data) {
    logger.warn({ errors: body.errors, school: code }, 'datacenter failed a school lookup');
    throw errors.unavailable('The data center (organization tree)');
  }
  const school = body.data.schoolByCode;
  if (!school || school.code !== code || school.orgPath.at(-1) !== code) return null;
  const classes = new Map<string, DatacenterClass>();
  for (const c of body.data._entities ?? [])
    if (c?.code && c.name && typeof c.grade === 'number' && c.school?.code === code)
      classes.set(c.code, { code: c.code, name: c.name, grade: c.grade });
  return { code, name: school.name, orgPath: [...school.orgPath], classes };
}

export function createDatacenterClient(datacenterUrl: string | undefined, logger: Logger): DatacenterClient {
  return {
    school: (code, classCodes, token) => lookUpSchool(datacenterUrl, logger, code, classCodes, token),
    async regionTotals(regionCode, token) {
      if (!datacenterUrl || !/^\d{6}$/.test(regionCode)) return null;
      // Inlined (a checked 6-digit code) so the query does not depend on the filter's scalar type.
      const code = JSON.stringify(regionCode);
      const grades = SECONDARY_GRADES.map(
        (g) =>
          `g${g}: students(filter: { regionCode: ${code}, grade: ${g}, status: ENROLLED }, first: 1) { totalCount }`,
      ).join('\n');
      try {
        const body = await post(
          datacenterUrl,
          `{ teachers(filter: { regionCode: ${code}, employmentStatus: ACTIVE }, first: 1) { totalCount } ${grades} }`,
          {},
          token,
        );
        const data = body.data as Record<string, { totalCount: number } | null> | null | undefined;
        if (!data?.teachers) {
          logger.warn({ errors: body.errors, regionCode }, 'datacenter gave no totals');
          return null;
        }
        const secondaryStudents = SECONDARY_GRADES.reduce((n, g) => n + (data[`g${g}`]?.totalCount ?? 0), 0);
        return { teachers: data.teachers.totalCount, secondaryStudents };
      } catch (err) {
        logger.warn({ err, regionCode }, 'datacenter unreachable for indicator totals');
        return null;
      }
    },
  };
}
