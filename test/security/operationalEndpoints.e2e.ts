import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/infra';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, post, supergraphOf } from './limitsSupport.ts';

/**
 * Issue 13, finding 9 (operations): in production `/metrics` and the detailed `/readyz` need
 * the operations token, public answers name no internal address, validation errors suggest no
 * field names, and a subgraph whose database is down answers 503 SERVICE_UNAVAILABLE.
 */
const OPS_TOKEN = 'operations-token-for-the-tests';
const ops = { headers: { authorization: `Bearer ${OPS_TOKEN}` } };
let database: EmbeddedDatabase;
let hub: TestHub;
let token: string;

beforeAll(async () => {
  database = await startEmbeddedDatabase({ port: 0 });
  const production = { NODE_ENV: 'production', OPS_TOKEN };
  hub = await startTestHub({
    services: ['identity', 'datacenter', 'gateway'],
    mongoUri: database.uri,
    name: 'sec-ops',
    serviceEnv: {
      // Every read goes to the database, so its failure shows.
      datacenter: production,
      gateway: { ...production, SUPERGRAPH_PATH: supergraphOf(['identity', 'datacenter']) },
    },
  });
  token = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['datacenter:read'] });
});
afterAll(async () => {
  await hub?.stop();
  await database?.stop();
});

const internalAddress = /127\.0\.0\.1|localhost|mongodb:|:\d{4,5}\b/;

describe('operational endpoints in production', () => {
  it('serves /metrics only with the operations token', async () => {
    const gateway = hub.url('gateway');
    expect((await fetch(`${gateway}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${gateway}/metrics`, {
      headers: { authorization: 'Bearer guessed-token-guessed' },
    });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(`${gateway}/metrics`, ops);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('edugraph_gateway_requests_total');
  });

  it('says only ready or not ready on the public /readyz, and which check to operators', async () => {
    for (const service of ['gateway', 'datacenter'] as const) {
      const res = await fetch(`${hub.url(service)}/readyz`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: 'ready', service });
      expect(text).not.toMatch(internalAddress);
      const detailed = (await (await fetch(`${hub.url(service)}/readyz`, ops)).json()) as {
        checks: unknown[];
      };
      expect(detailed.checks.length).toBeGreaterThan(0);
    }
  });

  it('suggests no field names in validation errors, at the gateway and at a subgraph', async () => {
    const query = '{ region(code: "330000") { nam } }';
    // Twice each: the second answer comes from the validation cache.
    for (const service of ['gateway', 'gateway', 'datacenter', 'datacenter'] as const) {
      const { body } = await post(hub.url(service), { query }, { token });
      expect(codes(body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(body.errors?.[0]?.message).toContain('Cannot query field "nam"');
      expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    }
  });

  it('suggests no enum values when a variable is not one of them', async () => {
    const query = 'query($kinds: [EntityKind!]) { changes(first: 1, kinds: $kinds) { hasMore } }';
    for (const service of ['gateway', 'datacenter'] as const) {
      const { body } = await post(hub.url(service), { query, variables: { kinds: ['STUDENTT'] } }, { token });
      expect(body.errors?.[0]?.message).toContain('STUDENTT');
      expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE from a subgraph whose database is down, naming no address', async () => {
    const query = '{ regions(first: 1) { nodes { code } } }';
    const before = await post(hub.url('datacenter'), { query }, { token });
    expect(before.status).toBe(200);
    await database.stop();
    const { status, body, text } = await post(hub.url('datacenter'), { query }, { token });
    expect(status).toBe(503);
    expect(codes(body)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(text).not.toMatch(internalAddress);
    const ready = await fetch(`${hub.url('datacenter')}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', service: 'datacenter' });
  });
});
