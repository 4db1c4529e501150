import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph, findSubgraphSources } from '../src/compose.ts';

/**
 * The gateway as a real process in front of the real identity and datacenter subgraphs (real
 * embedded database, demo seed, tokens from the real identity provider). The supergraph is
 * composed from those two subgraphs' SDL; their URLs come from the harness's environment.
 */
const RATE_LIMIT = 40;
let hub: TestHub;
let gatewayUrl: string;

function post(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
) {
  return fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
}
const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  (await (await post(query, variables, token)).json()) as GraphQLBody;
const codes = (body: GraphQLBody) => (body.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-gw-e2e-'));
  const sources = findSubgraphSources().filter((s) => s.name === 'identity' || s.name === 'datacenter');
  const composed = composeSupergraph(sources);
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
  hub = await startTestHub({
    services: ['identity', 'datacenter', 'gateway'],
    seed: true,
    name: 'gw-e2e',
    serviceEnv: {
      gateway: {
        SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
        RATE_LIMIT: String(RATE_LIMIT),
        SUBGRAPH_TIMEOUT_MS: '5000',
      },
    },
  });
  gatewayUrl = hub.url('gateway');
});
afterAll(() => hub?.stop());

describe('gateway over identity and datacenter', () => {
  let userToken: string;

  beforeAll(async () => {
    await hub.createUser({
      username: 'zj-admin-gw',
      password: 'Gateway-Test-9A',
      displayName: '浙江省管理员',
      kind: 'ADMINISTRATOR',
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
    });
    userToken = (await hub.signIn('zj-admin-gw', 'Gateway-Test-9A', ['datacenter:read'])).accessToken;
  });

  it('answers one query from both subgraphs for a signed-in provincial administrator', async () => {
    const body = await gql(
      `{ me { displayName organization person { __typename } }
         region(code: "330000") { name indicators { schools students } }
         students(first: 3) { totalCount edges { node { name school { name } class { name } } } } }`,
      {},
      userToken,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toEqual({ displayName: '浙江省管理员', organization: '330000', person: null });
    expect(body.data?.region.name).toBe('浙江省');
    expect(body.data?.region.indicators.students).toBeGreaterThan(0);
    expect(body.data?.students.edges).toHaveLength(3);
    expect(body.data?.students.edges[0].node.school.name).toMatch(/.+/);
  });

  it('refuses a token with a broken signature with 401 and says why', async () => {
    const tampered = userToken.slice(0, -6) + (userToken.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const res = await post('{ me { id } }', {}, tampered);
    expect(res.status).toBe(401);
    const body = (await res.json()) as GraphQLBody;
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'invalid signature',
    });
  });

  it('refuses fields whose scope the token lacks, naming the scope, and answers the rest', async () => {
    const token = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [] });
    const body = await gql('{ me { id } region(code: "330000") { name } }', {}, token);
    expect(body.data?.me).toBeNull();
    const forbidden = body.errors?.find((e) => e.path?.[0] === 'region');
    expect(forbidden?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScopes: ['datacenter:read'] });
    expect(forbidden?.message).toContain('Query.region needs the scope "datacenter:read"');
  });

  it('refuses an anonymous caller on @authenticated fields', async () => {
    const body = await gql('{ region(code: "330000") { name } }');
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
  });

  it('keeps refusing an operation to callers without the scope or a token after a caller with the scope ran it', async () => {
    const query = 'query Region($code: ID!) { region(code: $code) { name } }';
    for (let i = 0; i < 2; i++)
      expect((await gql(query, { code: '330000' }, userToken)).data?.region).toMatchObject({
        name: '浙江省',
      });
    const noScope = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [] });
    const forbidden = await gql(query, { code: '330000' }, noScope);
    expect(forbidden.data?.region ?? null).toBeNull();
    expect(forbidden.errors?.[0]?.message).toContain('Query.region needs the scope "datacenter:read"');
    const anonymous = await gql(query, { code: '330000' });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    // With @include the verdict depends on the variables: a clean run without the field proves nothing.
    const conditional = 'query If($with: Boolean!) { region(code: "330000") @include(if: $with) { name } }';
    expect((await gql(conditional, { with: false })).errors).toBeUndefined();
    expect(codes(await gql(conditional, { with: true }))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses deep, alias-heavy and expensive operations, each with its code', async () => {
    const deep = `{ region(code: "330000") { ${'parent { '.repeat(12)}code${' }'.repeat(12)} } }`;
    expect(codes(await gql(deep, {}, userToken))).toEqual(['QUERY_TOO_DEEP']);
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `r${i}: region(code: "330000") { name }`).join(' ')} }`;
    expect(codes(await gql(aliases, {}, userToken))).toEqual(['TOO_MANY_ALIASES']);
    const costly = `query($n: Int) { schools(first: $n) { edges { node { classes(first: $n) { edges { node {
      students(first: $n) { edges { node { name } } } } } } } } } }`;
    const body = await gql(costly, { n: 100 }, userToken);
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(body.errors?.[0]?.extensions?.cost.estimated).toBeGreaterThan(5000);
  });

  it('refuses as a whole, with no partial data, an operation that goes over its cost in a later subgraph request', async () => {
    // identity answers `me` (cheap); the datacenter request for the linked person is the dear one.
    const query = `{ me { displayName person { ... on Teacher { school { classes(first: 1000) {
      nodes { students(first: 1000) { nodes { name } } } } } } } } }`;
    const res = await post(query, {}, userToken);
    expect(res.status).toBe(400);
    const body = (await res.json()) as GraphQLBody;
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.cost).toMatchObject({ max: 5000 });
  });

  it('limits each client to its request budget with 429 and Retry-After', async () => {
    // A client of its own (the harness registers one client per distinct request).
    const request = { org: '330000', scopes: ['datacenter:read'], name: 'rate-limited client' };
    const token = await hub.tokenFor(request);
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++) statuses.push((await post('{ __typename }', {}, token)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const last = await post('{ __typename }', {}, token);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(codes((await last.json()) as GraphQLBody)).toEqual(['RATE_LIMITED']);
    // Another client is not affected.
    expect((await post('{ __typename }', {}, userToken)).status).toBe(200);
  });

  it('gives partial data naming a killed subgraph, turns readiness red, then green after a restart', async () => {
    expect((await fetch(`${gatewayUrl}/readyz`)).status).toBe(200);
    await hub.kill('datacenter');
    try {
      const body = await gql('{ me { displayName } region(code: "330000") { name } }', {}, userToken);
      expect(body.data?.me).toEqual({ displayName: '浙江省管理员' });
      expect(body.data?.region).toBeNull();
      expect(body.errors?.[0]).toMatchObject({
        message: 'The datacenter subgraph is unavailable; its fields are missing from this answer.',
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'datacenter' },
      });
      const ready = await fetch(`${gatewayUrl}/readyz`);
      expect(ready.status).toBe(503);
      const checks = ((await ready.json()) as { checks: { name: string; ok: boolean }[] }).checks;
      expect(checks.find((c) => c.name === 'subgraph datacenter')?.ok).toBe(false);
      expect(checks.find((c) => c.name === 'subgraph identity')?.ok).toBe(true);
    } finally {
      await hub.restart('datacenter');
    }
    expect((await fetch(`${gatewayUrl}/readyz`)).status).toBe(200);
    const again = await gql('{ region(code: "330000") { name } }', {}, userToken);
    expect(again.data?.region).toEqual({ name: '浙江省' });
  });

  it('keeps the caller’s request id and exposes Prometheus metrics per subgraph', async () => {
    const res = await post('{ __typename }', {}, userToken, { 'x-request-id': 'e2e-req-42' });
    expect(res.headers.get('x-request-id')).toBe('e2e-req-42');
    const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
    expect(text).toMatch(/edugraph_gateway_requests_total\{status="200"\} \d+/);
    expect(text).toMatch(/edugraph_gateway_errors_total\{code="RATE_LIMITED"\} 1/);
    expect(text).toMatch(/edugraph_gateway_errors_total\{code="SUBGRAPH_UNAVAILABLE"\} \d+/);
    expect(text).toMatch(
      /edugraph_gateway_subgraph_fetch_duration_seconds_count\{subgraph="identity",outcome="ok"\} \d+/,
    );
    expect(text).toMatch(
      /edugraph_gateway_subgraph_fetch_duration_seconds_count\{subgraph="datacenter",outcome="ok"\} \d+/,
    );
  });
});
