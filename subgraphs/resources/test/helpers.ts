import { createHash } from 'node:crypto';
import type { GraphQLBody, TestHub } from '@edugraph/infra/testing';

/** Shared steps of the resources tests: they all talk to the real service over HTTP. */
export const READ = 'resources:read';
export const WRITE = 'resources:write';
export const REVIEW = 'resources:review';

export const RESOURCE_FIELDS = /* GraphQL */ `
  id title status originLevel organization audience version
  sharing { state target }
  history { action from to actor { id } actorOrganization reason at }
`;

/** Which service a helper talks to: the resources subgraph itself, or the gateway. */
export type Via = Parameters<TestHub['gql']>[0];

/** Data of a successful call; fails the test with the errors otherwise. */
export async function ok(
  hub: TestHub,
  query: string,
  variables: Record<string, unknown>,
  token: string,
  via: Via = 'resources',
) {
  const body = await hub.gql(via, query, variables, token);
  if (body.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

/** The first error of a call that must fail. */
export async function refused(
  hub: TestHub,
  query: string,
  variables: Record<string, unknown>,
  token: string,
) {
  const body: GraphQLBody = await hub.gql('resources', query, variables, token);
  const error = body.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(body.data)}`);
  return error;
}

export const subjectOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

export function resourceInput(title: string, extra: Record<string, unknown> = {}) {
  return {
    title,
    description: `${title}：课堂教学配套资源。`,
    kind: 'COURSEWARE',
    stage: 'PRIMARY',
    subject: 'MATH',
    grade: 3,
    edition: '人教版',
    format: 'pptx',
    content: {
      url: `https://res.example.cn/${encodeURIComponent(title)}.pptx`,
      sizeBytes: 204800,
      checksum: createHash('sha256').update(title).digest('hex'),
    },
    ...extra,
  };
}

const CREATE = `mutation($input: ResourceInput!) { createResource(input: $input) { ${RESOURCE_FIELDS} } }`;
const step = (name: string, withReason = false) =>
  `mutation($id: ID!${withReason ? ', $reason: String!' : ''}) { ${name}(id: $id${withReason ? ', reason: $reason' : ''}) { ${RESOURCE_FIELDS} } }`;
export const SUBMIT = step('submitResource');
export const APPROVE = step('approveResource');
export const REJECT = step('rejectResource', true);
export const PUBLISH = step('publishResource');
export const RETIRE = step('retireResource', true);
export const WITHDRAW = step('withdrawResource');

export async function createDraft(
  hub: TestHub,
  token: string,
  title: string,
  extra: Record<string, unknown> = {},
  via: Via = 'resources',
) {
  return (await ok(hub, CREATE, { input: resourceInput(title, extra) }, token, via)).createResource as {
    id: string;
    status: string;
    audience: string;
    version: number;
  };
}

/** Creates, submits, approves and publishes: the resource as the catalog shows it. */
export async function publishNew(
  hub: TestHub,
  author: string,
  reviewer: string,
  title: string,
  extra: Record<string, unknown> = {},
  via: Via = 'resources',
): Promise<string> {
  const { id } = await createDraft(hub, author, title, extra, via);
  await ok(hub, SUBMIT, { id }, author, via);
  await ok(hub, APPROVE, { id }, reviewer, via);
  await ok(hub, PUBLISH, { id }, reviewer, via);
  return id;
}

/** Two schools of 杭州 and a class of the first, as the datacenter's push targets. */
export const DC_READ = 'datacenter:read';
export const SCHOOL_A = { org: '2133000001', region: '330102' };
export const SCHOOL_B = { org: '2133000002', region: '330106' };
export const CLASS_A = '2133000001202401';

/** Schools and classes come from the real datacenter, loaded through its sync upserts. */
export async function loadDatacenter(hub: TestHub) {
  const sync = await hub.tokenFor({
    org: '100000',
    roles: ['SERVICE'],
    scopes: ['datacenter:write', DC_READ],
  });
  const call = async (mutation: string, records: unknown[], plural = `${mutation}s`) => {
    const body = await hub.gql(
      'datacenter',
      `mutation($r: [${mutation}Input!]!) { upsert${plural}(records: $r) { rejected results { errors { field message } } } }`,
      { r: records },
      sync,
    );
    const result = body.data?.[`upsert${plural}`];
    if (body.errors?.length || result?.rejected)
      throw new Error(`datacenter refused ${mutation}: ${JSON.stringify(body.errors ?? result)}`);
  };
  await call('Region', [
    { code: '100000', name: '全国', level: 'NATION', parentCode: null },
    { code: '330000', name: '浙江省', level: 'PROVINCE', parentCode: '100000' },
    { code: '330100', name: '杭州市', level: 'CITY', parentCode: '330000' },
    { code: '330102', name: '上城区', level: 'COUNTY', parentCode: '330100' },
    { code: '330106', name: '西湖区', level: 'COUNTY', parentCode: '330100' },
  ]);
  const school = (code: string, name: string, regionCode: string) => ({
    code,
    name,
    regionCode,
    address: '杭州市',
    centralSchoolCode: null,
    broadbandMbps: 1000,
    classrooms: 30,
    multimediaClassrooms: 30,
    principal: '张校长',
    urban: true,
  });
  await call('School', [
    school(SCHOOL_A.org, '杭州市上城区实验小学', '330102'),
    school(SCHOOL_B.org, '杭州市西湖区文三街小学', '330106'),
  ]);
  await call(
    'Class',
    [
      {
        code: CLASS_A,
        schoolCode: SCHOOL_A.org,
        grade: 3,
        name: '三年级(1)班',
        enrollmentYear: 2024,
        headTeacherStaffNumber: null,
      },
    ],
    'Classes',
  );
}
