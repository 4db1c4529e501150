import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RedisServer } from '@edugraph/infra/testing';
import type { Caller } from '@edugraph/shared/auth';
import { loadConfig } from '@edugraph/shared/config';
import { listen } from '@edugraph/shared/lifecycle';
import { createLogger } from '@edugraph/shared/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../src/compose.ts';
import { gatewayConfigFrom, gatewayConfigSchema } from '../src/config.ts';
import { createRateLimiter } from '../src/rateLimit.ts';
import { createGatewayServer, type GatewayServer } from '../src/server.ts';

/**
 * Rate limits counted in this process, and shared by several gateway instances through a real
 * redis-server (Debian's, started here on a free port).
 */
const caller = (subject: string, clientId = 'demo-portal'): Caller => ({
  subject,
  clientId,
  organization: '330000',
  orgPath: ['100000', '330000'],
  roles: [],
  scopes: [],
  isService: false,
});

const fixtures = join(import.meta.dirname, 'fixtures');
function writeSupergraph(): string {
  const sources = ['accounts', 'schools'].map((name) => ({
    name,
    url: 'http://127.0.0.1:9/graphql',
    sdl: readFileSync(join(fixtures, `${name}.graphql`), 'utf8'),
  }));
  const result = composeSupergraph(sources);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const path = join(mkdtempSync(join(tmpdir(), 'edugraph-gw-rate-')), 'supergraph.graphql');
  writeFileSync(path, result.supergraphSdl);
  return path;
}

async function startGateway(env: Record<string, string>, supergraph: string) {
  const config = gatewayConfigFrom(
    loadConfig('gateway', gatewayConfigSchema, { SUPERGRAPH_POLL_MS: '0', ...env }),
    ['--supergraph', supergraph],
  );
  const gateway = createGatewayServer(config, {
    logger: createLogger({ service: 'gateway', level: process.env.GW_TEST_LOG ?? 'silent' }),
  });
  await gateway.start();
  return { gateway, url: await listen(gateway.server, 0) };
}

const ask = (url: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

describe('rate limit in one process', () => {
  it('keeps serving the other users of a client when one user used up their budget', async () => {
    const limiter = await createRateLimiter({ perUser: 3, perClient: 5, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) expect(await limiter.take(caller('alice'), '10.0.0.1')).toBeUndefined();
    expect((await limiter.take(caller('alice'), '10.0.0.1'))?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 'user',
    });
    expect(await limiter.take(caller('bob'), '10.0.0.1')).toBeUndefined();
    expect(await limiter.take(caller('carol'), '10.0.0.1')).toBeUndefined();
    expect((await limiter.take(caller('dave'), '10.0.0.1'))?.extensions).toMatchObject({ limit: 'client' });
    // dave's refused request was not counted against dave: his budget is whole once the client has room.
    expect(await limiter.take(caller('erin', 'other-portal'), '10.0.0.1')).toBeUndefined();
    expect(await limiter.take(null, '10.0.0.9')).toBeUndefined();
    await limiter.close();
  });
});

describe('rate limit shared through Redis (REDIS_URL)', () => {
  let redis: RedisServer;
  let supergraph: string;
  const gateways: GatewayServer[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    supergraph = writeSupergraph();
  });
  afterAll(async () => {
    for (const g of gateways) await g.stop();
    await redis?.stop();
  });

  it('gives two gateway instances one budget: the fifth request is refused whichever instance gets it', async () => {
    const env = { RATE_LIMIT: '4', REDIS_URL: redis.url };
    const a = await startGateway(env, supergraph);
    const b = await startGateway(env, supergraph);
    gateways.push(a.gateway, b.gateway);
    const statuses = [];
    for (const url of [a.url, b.url, a.url, b.url]) statuses.push((await ask(url)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    for (const url of [a.url, b.url]) {
      const refused = await ask(url);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'address' });
    }
  });

  it('shares one client ceiling between limiters of different instances', async () => {
    const settings = { perUser: 10, perClient: 3, windowMs: 60_000, redisUrl: redis.url };
    const one = await createRateLimiter(settings);
    const two = await createRateLimiter(settings);
    await Promise.all([one.ready(), two.ready()]);
    expect(await one.take(caller('u1', 'shared-portal'), undefined)).toBeUndefined();
    expect(await two.take(caller('u2', 'shared-portal'), undefined)).toBeUndefined();
    expect(await one.take(caller('u3', 'shared-portal'), undefined)).toBeUndefined();
    expect((await two.take(caller('u4', 'shared-portal'), undefined))?.extensions).toMatchObject({
      limit: 'client',
    });
    await Promise.all([one.close(), two.close()]);
  });

  it('keeps limiting each instance on its own while Redis is unreachable', async () => {
    const gone = await startRedisServer();
    const limiter = await createRateLimiter({
      perUser: 2,
      perClient: 100,
      windowMs: 60_000,
      redisUrl: gone.url,
    });
    await gone.stop();
    expect(await limiter.take(caller('mallory', 'while-down'), undefined)).toBeUndefined();
    expect(await limiter.take(caller('mallory', 'while-down'), undefined)).toBeUndefined();
    expect((await limiter.take(caller('mallory', 'while-down'), undefined))?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
    });
    await limiter.close();
  });
});
