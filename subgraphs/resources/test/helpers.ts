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

/** Data of a successful call; fails the test with the errors otherwise. */
export async function ok(hub: TestHub, query: string, variables: Record<string, unknown>, token: string) {
  const body = await hub.gql('resources', query, variables, token);
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
) {
  return (await ok(hub, CREATE, { input: resourceInput(title, extra) }, token)).createResource as {
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
): Promise<string> {
  const { id } = await createDraft(hub, author, title, extra);
  await ok(hub, SUBMIT, { id }, author);
  await ok(hub, APPROVE, { id }, reviewer);
  await ok(hub, PUBLISH, { id }, reviewer);
  return id;
}
