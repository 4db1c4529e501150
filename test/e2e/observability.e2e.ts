import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';
import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../src/otlp/receiver.ts';

/**
 * Observability across real processes: the gateway, identity and datacenter export their spans
 * over OTLP/HTTP (protobuf, the default) to a receiver in this process; the datacenter serves
 * Prometheus metrics behind OPS_TOKEN and writes access lines naming operation and client.
 */
const OPS_TOKEN = randomBytes(16).toString('hex');
const SERVER = 2;
const CLIENT = 3;
let hub: TestHub;
let receiver: OtlpReceiver;
let userToken: string;
const lines: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);

const query = `query TracedQuery { me { displayName person { __typename } } region(code: "330000") { name } }`;

async function throughGateway(traceparent: string): Promise<GraphQLBody> {
  const res = await fetch(`${hub.url('gateway')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${userToken}`, traceparent },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as GraphQLBody;
}

beforeAll(async () => {
  // The services' output comes through this process's stdout (the harness prefixes each line).
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(String(chunk));
    return originalWrite(chunk, ...rest);
  }) as typeof process.stdout.write;
  receiver = await startOtlpReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-obs-e2e-'));
  const sources = findSubgraphSources().filter((s) => s.name === 'identity' || s.name === 'datacenter');
  const composed = composeSupergraph(sources);
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
  hub = await startTestHub({
    services: ['identity', 'datacenter', 'gateway'],
    seed: true,
    name: 'obs',
    schools: [{ code: '2133000001', regionCode: '330102' }],
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
    serviceEnv: {
      gateway: { SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') },
      datacenter: { OPS_TOKEN, LOG_LEVEL: 'info' },
    },
  });
  await hub.createUser({
    username: 'zj-admin-obs',
    password: 'Observe-Test-9A',
    displayName: '浙江省管理员',
    kind: 'ADMINISTRATOR',
    org: '330000',
    roles: ['PROVINCIAL_ADMIN'],
  });
  userToken = (await hub.signIn('zj-admin-obs', 'Observe-Test-9A', ['datacenter:read'])).accessToken;
});
afterAll(async () => {
  process.stdout.write = originalWrite;
  await hub?.stop();
  await receiver?.close();
});

describe('tracing across the gateway and the subgraphs', () => {
  it('makes one trace of a query spanning the gateway, identity and datacenter, database calls included', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const body = await throughGateway(`00-${traceId}-${clientSpanId}-01`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.region?.name).toBeTruthy();

    const inTrace = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
    // Spans arrive in batches as each finishes: wait for the request spans of all three services.
    const requestSpan = (all: ReceivedSpan[], service: string) =>
      inTrace(all).some((s) => s.service === service && s.kind === SERVER && s.name === 'POST /graphql');
    const spans = inTrace(
      await receiver.waitFor(
        (all) =>
          ['gateway', 'identity', 'datacenter'].every((service) => requestSpan(all, service)) &&
          inTrace(all).some((s) => s.attributes['db.system.name'] === 'mongodb'),
      ),
    );
    expect(receiver.contentTypes).toContain('application/x-protobuf');
    // No query text leaves in a span (a literal may be personal data).
    expect(spans.filter((s) => 'graphql.document' in s.attributes)).toEqual([]);

    // The gateway continues the client's trace: its request span is the child of the client's.
    const gatewayRequest = spans.find((s) => s.service === 'gateway' && s.kind === SERVER);
    expect(gatewayRequest?.parentSpanId).toBe(clientSpanId);
    // Each subgraph's request span is a child of a span the gateway made for its fetch (W3C traceparent).
    const gatewayIds = new Set(spans.filter((s) => s.service === 'gateway').map((s) => s.spanId));
    for (const service of ['identity', 'datacenter']) {
      const server = spans.filter(
        (s) => s.service === service && s.kind === SERVER && s.name === 'POST /graphql',
      );
      expect(server.length, `${service} server spans`).toBeGreaterThan(0);
      expect(server.some((s) => gatewayIds.has(s.parentSpanId))).toBe(true);
    }
    // The gateway's spans come from Hive's plugin: the request, the operation and the subgraph calls.
    expect(
      spans.some((s) => s.service === 'gateway' && s.attributes['graphql.operation.name'] === 'TracedQuery'),
    ).toBe(true);
    expect(
      spans
        .filter((s) => s.service === 'gateway' && s.attributes['hive.gateway.upstream.subgraph.name'])
        .map((s) => s.attributes['hive.gateway.upstream.subgraph.name']),
    ).toEqual(expect.arrayContaining(['identity', 'datacenter']));

    // The datacenter: its operation (named as the client named it), a root field, and the
    // database commands nested under the request, all in the same trace.
    const dc = spans.filter((s) => s.service === 'datacenter');
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    expect(dc.some((s) => s.name === 'query TracedQuery')).toBe(true);
    const rootField = dc.find((s) => s.name === 'Query.region' || s.name === 'Query._entities');
    expect(rootField).toBeDefined();
    const db = dc.filter((s) => s.attributes['db.system.name'] === 'mongodb' && s.kind === CLIENT);
    expect(db.length).toBeGreaterThan(0);
    expect(db[0]!.attributes['db.namespace']).toMatch(/_datacenter$/);
    // Walking up from a database span reaches the gateway's spans: one unbroken trace.
    let up: ReceivedSpan | undefined = db[0];
    const chain: string[] = [];
    while (up) {
      chain.push(`${up.service}:${up.name}`);
      up = byId.get(up.parentSpanId);
    }
    expect(chain.some((c) => c.startsWith('gateway:'))).toBe(true);
  });
});

/** The value of the first sample of `name` carrying all of `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = line.match(/^([a-z_]+)\{(.*)\} (\S+)$/);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('tracing between subgraphs', () => {
  it("carries identity's trace into its lookup of a school at the data center", async () => {
    const before = new Set(receiver.spans.map((s) => s.spanId));
    // Creating a user of a school makes identity ask the data center where the school sits.
    await hub.createUser({
      username: 'teacher-obs',
      displayName: '教师',
      kind: 'TEACHER',
      org: '2133000001',
      region: '330102',
    });
    const fresh = () => receiver.spans.filter((s) => !before.has(s.spanId));
    const lookup = (all: ReceivedSpan[]) =>
      all.find(
        (s) =>
          !before.has(s.spanId) &&
          s.service === 'datacenter' &&
          s.kind === SERVER &&
          all.some((c) => c.service === 'identity' && c.kind === CLIENT && c.spanId === s.parentSpanId),
      );
    await receiver.waitFor((all) => lookup(all) !== undefined);
    const served = lookup(receiver.spans)!;
    const caller = fresh().find((s) => s.spanId === served.parentSpanId)!;
    expect(caller.attributes['url.full']).toMatch(/\/graphql$/);
    expect(served.traceId).toBe(caller.traceId);
    // The datacenter's own work for it (the school's lookup) is in the same trace.
    expect(
      fresh().some(
        (s) => s.service === 'datacenter' && s.traceId === served.traceId && s.name === 'Query.schoolByCode',
      ),
    ).toBe(true);
  });
});

describe("a subgraph's /metrics and access lines", () => {
  const metrics = (token?: string) =>
    fetch(`${hub.url('datacenter')}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("serves identity's metrics too (open outside production when OPS_TOKEN is unset)", async () => {
    await hub.gql('identity', 'query Probe { __typename }');
    const res = await fetch(`${hub.url('identity')}/metrics`);
    expect(res.status).toBe(200);
    expect(
      sample(await res.text(), 'edugraph_subgraph_requests_total', {
        service: 'identity',
        operation: 'Probe',
        status: '200',
      }),
    ).toBeGreaterThan(0);
  });

  it('refuses /metrics without the ops token', async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics('wrong-token')).status).toBe(401);
  });

  it('counts requests by operation, errors by code and times database commands', async () => {
    await throughGateway(`00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
    // Refused callers and bad operations, straight at the subgraph.
    await hub.gql('datacenter', '{ regions { code } }', {}, 'not-a-token');
    await hub.gql('datacenter', 'query Broken { noSuchField }');
    const res = await metrics(OPS_TOKEN);
    expect(res.status).toBe(200);
    const text = await res.text();
    const dc = { service: 'datacenter' };
    expect(
      sample(text, 'edugraph_subgraph_requests_total', { ...dc, operation: 'TracedQuery', status: '200' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'edugraph_subgraph_request_duration_seconds_count', {
        ...dc,
        operation: 'TracedQuery',
        status: '200',
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'edugraph_subgraph_errors_total', { ...dc, code: 'UNAUTHENTICATED' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'edugraph_subgraph_errors_total', { ...dc, code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'edugraph_subgraph_database_command_duration_seconds_count', {
        ...dc,
        command: 'find',
        collection: 'regions',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'edugraph_subgraph_process_cpu_seconds_total', dc)).toBeGreaterThan(0);
  });

  it('writes an access line naming the operation and the client of the token', async () => {
    await throughGateway(`00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
    const portal = await hub.portalClientId();
    await expect
      .poll(() =>
        lines
          .filter((l) => l.includes('obs:datacenter') && l.includes('"graphql request"'))
          .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Record<string, unknown>)
          .find((l) => l.operation === 'TracedQuery'),
      )
      .toMatchObject({ operation: 'TracedQuery', client: portal, status: 200, service: 'datacenter' });
  });
});
