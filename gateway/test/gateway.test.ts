import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@edugraph/shared/config';
import { listen } from '@edugraph/shared/lifecycle';
import { createLogger } from '@edugraph/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../src/compose.ts';
import { gatewayConfigFrom, gatewayConfigSchema } from '../src/config.ts';
import { createGatewayServer, type GatewayServer } from '../src/server.ts';

/**
 * The gateway in-process over real HTTP, on a supergraph composed from test/fixtures whose
 * subgraphs are not running: everything checked here happens before (or instead of) a
 * subgraph fetch. Queries across running subgraphs are in gateway.e2e.ts.
 */
const fixtures = join(import.meta.dirname, 'fixtures');

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function writeSupergraph(dir: string): Promise<string> {
  const port = await closedPort();
  const sources = ['accounts', 'schools'].map((name) => ({
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    sdl: readFileSync(join(fixtures, `${name}.graphql`), 'utf8'),
  }));
  const result = composeSupergraph(sources);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const path = join(dir, 'supergraph.graphql');
  writeFileSync(path, result.supergraphSdl);
  return path;
}

async function startGateway(env: Record<string, string>, dir: string) {
  const config = gatewayConfigFrom(
    loadConfig('gateway', gatewayConfigSchema, { SUPERGRAPH_POLL_MS: '100', ...env }),
    ['--supergraph', join(dir, 'supergraph.graphql')],
  );
  const gateway = createGatewayServer(config, {
    logger: createLogger({ service: 'gateway', level: process.env.GW_TEST_LOG ?? 'silent' }),
  });
  await gateway.start();
  const url = await listen(gateway.server, 0);
  return { gateway, url };
}

type Body = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
};

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const codes = (body: Body) => (body.errors ?? []).map((e) => e.extensions?.code);

describe('gateway protections (development settings)', () => {
  let gateway: GatewayServer;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-gw-'));

  beforeAll(async () => {
    await writeSupergraph(dir);
    ({ gateway, url } = await startGateway(
      { RATE_LIMIT: '1000', MAX_BODY_BYTES: '5000', MAX_STRING_LENGTH: '100' },
      dir,
    ));
  });
  afterAll(() => gateway?.stop());

  it('answers anonymous callers where the schema needs no token', async () => {
    const res = await post(url, { query: '{ __typename }' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('x-request-id')).toMatch(/.+/);
  });

  it('refuses a bad bearer token with 401 and a GraphQL error saying why', async () => {
    const res = await post(url, { query: '{ __typename }' }, { authorization: 'Bearer not-a-jwt' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await res.json()) as Body;
    expect(body.errors?.[0]).toMatchObject({
      message: 'The bearer token is not a JWT.',
      extensions: { code: 'UNAUTHENTICATED', reason: 'malformed token' },
    });
  });

  it('refuses @authenticated fields to anonymous callers, naming the field', async () => {
    const body = (await (await post(url, { query: '{ me { id } }' })).json()) as Body;
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toContain('Query.me needs a signed-in caller');
  });

  it('refuses operations nested deeper than the limit with QUERY_TOO_DEEP', async () => {
    const query = `{ region(code: "330000") { ${'parent { '.repeat(12)}code${' }'.repeat(12)} } }`;
    const res = await post(url, { query });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(codes(body)).toEqual(['QUERY_TOO_DEEP']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ max: 12, depth: 14 });
  });

  it('refuses too many aliases with TOO_MANY_ALIASES', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const res = await post(url, { query });
    expect(res.status).toBe(400);
    expect(codes((await res.json()) as Body)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses operations with too many tokens with TOO_MANY_TOKENS', async () => {
    const query = `{ ${'a '.repeat(2100)}}`;
    const res = await post(url, { query }, {});
    expect(res.status).toBe(400);
    expect(codes((await res.json()) as Body)).toEqual(['TOO_MANY_TOKENS']);
  });

  it('refuses a string longer than the limit as BAD_USER_INPUT naming the variable', async () => {
    const query = 'query ($code: ID!) { region(code: $code) { code } }';
    const res = await post(url, { query, variables: { code: '3'.repeat(101) } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$code' });
  });

  it('refuses an operation whose estimated cost is above the limit, counting first from variables', async () => {
    const query =
      'query ($n: Int) { schools(first: $n) { classes(first: $n) { edges { node { students { id } } } } } }';
    const cheap = (await (await post(url, { query, variables: { n: 5 } })).json()) as Body;
    expect(codes(cheap)).not.toContain('COST_ESTIMATED_TOO_EXPENSIVE');
    const res = await post(url, { query, variables: { n: 100 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(body.errors?.[0]?.extensions?.cost).toMatchObject({ max: 5000 });
    expect(body.data ?? null).toBeNull();
  });

  it('counts the lists of a selection the planner sends as a named fragment as often as it is used', async () => {
    // The Rust planner turns selections repeated in one subgraph request into a named fragment;
    // each alias still returns n schools × n classes × 10 students.
    const page = (alias: string) =>
      `${alias}: schools(first: $n) { classes(first: $n) { edges { node { students { id name } } } } }`;
    const query = `query ($n: Int) { ${['a', 'b', 'c', 'd'].map(page).join(' ')} }`;
    const res = await post(url, { query, variables: { n: 50 } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    // Per alias 50 + 50 classes connections + 2,500 edges + 2,500 classes + 25,000 students.
    expect(body.errors?.[0]?.extensions?.cost).toEqual({ estimated: 4 * 30_100, max: 5000 });
  });

  it('refuses a body above the size limit with 413', async () => {
    const res = await post(url, { query: `{ __typename }`, variables: { pad: 'x'.repeat(6000) } });
    expect(res.status).toBe(413);
    expect(codes((await res.json()) as Body)).toEqual(['REQUEST_TOO_LARGE']);
  });

  it('refuses cross-site-sendable requests without the CSRF header', async () => {
    const get = await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(403);
    expect(codes((await get.json()) as Body)).toEqual(['CSRF_PREVENTED']);
    const form = await post(url, '{"query":"{ __typename }"}', { 'content-type': 'text/plain' });
    expect(form.status).toBe(403);
    const allowed = await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'x-edugraph-csrf': '1', accept: 'application/json' },
    });
    expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives an error naming a subgraph that cannot be reached', async () => {
    const body = (await (await post(url, { query: '{ serverTime }' })).json()) as Body;
    expect(body.errors?.[0]).toMatchObject({
      message: 'The accounts subgraph is unavailable; its fields are missing from this answer.',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'accounts' },
    });
  });

  it('allows introspection in development', async () => {
    const body = (await (await post(url, { query: '{ __schema { queryType { name } } }' })).json()) as Body;
    expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('reports readiness: supergraph loaded, subgraphs unreachable', async () => {
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { name: string; ok: boolean; error?: string }[] };
    expect(body.checks.find((c) => c.name === 'supergraph')?.ok).toBe(true);
    expect(body.checks.find((c) => c.name === 'subgraph accounts')).toMatchObject({ ok: false });
  });

  it('exposes Prometheus metrics: requests, latency, errors by code, subgraph fetches and errors, operations by name', async () => {
    await post(url, { query: 'query ServerTime { serverTime }' });
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(
      /edugraph_gateway_operation_duration_seconds_count\{operation="ServerTime",status="502"\} 1/,
    );
    expect(text).toMatch(
      /edugraph_gateway_subgraph_errors_total\{subgraph="accounts",code="SUBGRAPH_UNAVAILABLE"\} \d/,
    );
    expect(text).toMatch(/edugraph_gateway_requests_total\{status="200"\} \d+/);
    expect(text).toMatch(/edugraph_gateway_request_duration_seconds_bucket/);
    expect(text).toMatch(/edugraph_gateway_errors_total\{code="QUERY_TOO_DEEP"\} 1/);
    expect(text).toMatch(
      /edugraph_gateway_subgraph_fetch_duration_seconds_count\{subgraph="accounts",outcome="error"\} \d/,
    );
  });
});

const OPS_TOKEN = 'ops-token-for-the-gateway-tests';

describe('gateway in production settings', () => {
  let gateway: GatewayServer;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-gw-'));
  const trusted = '{ __typename }';
  const hash = createHash('sha256').update(trusted).digest('hex');

  beforeAll(async () => {
    writeFileSync(join(dir, 'trusted.json'), JSON.stringify({ [hash]: trusted }));
    ({ gateway, url } = await startGateway(
      {
        NODE_ENV: 'production',
        RATE_LIMIT: '4',
        OPS_TOKEN: OPS_TOKEN,
        TRUSTED_DOCUMENTS_PATH: join(dir, 'trusted.json'),
        CORS_ORIGINS: 'https://portal.zj.edu.cn',
      },
      dir,
    ));
  });
  afterAll(() => gateway?.stop());

  it('is not ready until a supergraph file appears, then loads it without a restart', async () => {
    const ops = { headers: { authorization: `Bearer ${OPS_TOKEN}` } };
    const publicAnswer = await fetch(`${url}/readyz`);
    expect(publicAnswer.status).toBe(503);
    expect(await publicAnswer.json()).toEqual({ status: 'not ready', service: 'gateway' });
    const res = await fetch(`${url}/readyz`, ops);
    const body = (await res.json()) as { checks: { name: string; ok: boolean; error?: string }[] };
    expect(body.checks[0]).toMatchObject({ name: 'supergraph', ok: false });
    const early = await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(early.status).toBe(503);
    await writeSupergraph(dir);
    await expect
      .poll(async () => ((await (await fetch(`${url}/readyz`, ops)).json()) as typeof body).checks[0]?.ok, {
        timeout: 5000,
      })
      .toBe(true);
  });

  it('lets only the configured browser origins call it (CORS)', async () => {
    const preflight = (origin: string) =>
      fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://portal.zj.edu.cn');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.zj.edu.cn');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('runs only trusted documents, refuses query text, and limits each client', async () => {
    const ok = await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
    const text = (await (await post(url, { query: '{ __schema { types { name } } }' })).json()) as Body;
    expect(codes(text)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    const unknown = (await (
      await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } })
    ).json()) as Body;
    expect(codes(unknown)).toEqual(['TRUSTED_DOCUMENT_NOT_FOUND']);
    const limited = await post(url, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(codes((await limited.json()) as Body)).toEqual(['RATE_LIMITED']);
  });
});

describe('verified-token cache', () => {
  it('verifies a token once, never past its expiry, and does not cache failures', async () => {
    const { withCallerCache } = await import('../src/callerCache.ts');
    let clock = 1_000_000;
    let calls = 0;
    const payload = Buffer.from(JSON.stringify({ exp: (clock + 30_000) / 1000 })).toString('base64url');
    const header = `Bearer x.${payload}.sig`;
    const caller = {
      subject: 's',
      clientId: 'c',
      organization: '330000',
      orgPath: [],
      roles: [],
      scopes: [],
      isService: true,
    };
    const cached = withCallerCache(
      {
        verify: async () => caller,
        callerFromHeader: async (h) => {
          calls++;
          if (h === 'Bearer bad') throw new Error('invalid token');
          return caller;
        },
      },
      { now: () => clock },
    );
    expect(await cached.callerFromHeader(header)).toBe(caller);
    expect(await cached.callerFromHeader(header)).toBe(caller);
    expect(calls).toBe(1);
    clock += 31_000; // past the token's exp (sooner than the cache's 60 s)
    await cached.callerFromHeader(header);
    expect(calls).toBe(2);
    await expect(cached.callerFromHeader('Bearer bad')).rejects.toThrow('invalid token');
    await expect(cached.callerFromHeader('Bearer bad')).rejects.toThrow('invalid token');
    expect(calls).toBe(4);
    expect(await cached.callerFromHeader(undefined)).toBeNull();
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight (forwarding its request id), then closes the port', async () => {
    // A subgraph that takes 300 ms to answer keeps the request in flight while the gateway stops.
    const { createServer: createHttpServer } = await import('node:http');
    const seenIds: unknown[] = [];
    const slow = createHttpServer((req, res) => {
      seenIds.push(req.headers['x-request-id']);
      req.resume();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { serverTime: '2026-11-23T00:00:00Z' } }));
      }, 300);
    });
    const slowUrl = await listen(slow, 0);
    const dir = mkdtempSync(join(tmpdir(), 'edugraph-gw-'));
    await writeSupergraph(dir);
    const { gateway, url } = await startGateway({ SUBGRAPH_URLS: `accounts=${slowUrl}/graphql` }, dir);
    try {
      const inFlight = post(url, { query: '{ serverTime }' }, { 'x-request-id': 'shutdown-test-1' });
      await new Promise((r) => setTimeout(r, 100));
      const stopped = gateway.stop();
      const res = await inFlight;
      expect(await res.json()).toEqual({ data: { serverTime: '2026-11-23T00:00:00Z' } });
      await stopped;
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      expect(seenIds).toEqual(['shutdown-test-1']);
    } finally {
      slow.close();
    }
  });
});

describe('subgraph timeout', () => {
  it('answers without the slow subgraph after SUBGRAPH_TIMEOUT_MS, naming it', async () => {
    // A subgraph that answers only after 5 s, behind a gateway that waits 300 ms.
    const { createServer: createHttpServer } = await import('node:http');
    let closed: Promise<number> | undefined;
    const slow = createHttpServer((req, res) => {
      req.resume();
      const timer = setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { serverTime: 'too late' } }));
      }, 5000);
      closed = new Promise((resolve) =>
        res.on('close', () => {
          clearTimeout(timer);
          resolve(Date.now());
        }),
      );
    });
    const slowUrl = await listen(slow, 0);
    const dir = mkdtempSync(join(tmpdir(), 'edugraph-gw-'));
    await writeSupergraph(dir);
    const { gateway, url } = await startGateway(
      { SUBGRAPH_URLS: `accounts=${slowUrl}/graphql`, SUBGRAPH_TIMEOUT_MS: '300' },
      dir,
    );
    try {
      const started = Date.now();
      const body = (await (await post(url, { query: '{ serverTime }' })).json()) as Body;
      expect(Date.now() - started).toBeLessThan(4000); // gave up well before the subgraph answered
      expect(body.data ?? null).toBeNull();
      expect(body.errors, JSON.stringify(body.errors)).toHaveLength(1);
      expect(body.errors![0]!.extensions, JSON.stringify(body.errors)).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'accounts',
      });
      expect(body.errors![0]!.message).toContain('accounts');
      expect(JSON.stringify(body), 'the subgraph URL is internal').not.toContain(slowUrl);
      // The request to the slow subgraph was aborted, not left holding a connection until it answers.
      expect((await closed!) - started).toBeLessThan(4000);
    } finally {
      await gateway.stop();
      slow.closeAllConnections();
      slow.close();
    }
  });
});
