import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, post, supergraphOf } from './limitsSupport.ts';

/**
 * Issue 13, finding 5: `query($n: Int = 1000)` sent without variables was estimated as if `first`
 * were absent (4,960) and returned 31,984 objects. The estimate now uses the values the operation
 * runs with — variable defaults included — at the gateway and at the subgraph alike.
 */
let hub: TestHub;
let token: string;

const page = (alias: string) =>
  `${alias}: classes(first: $n) { nodes { name students(first: $n) { nodes { id name } } } }`;
const probe = `query Probe($n: Int = 1000) { ${['a', 'b', 'c', 'd'].map(page).join(' ')} }`;

beforeAll(async () => {
  hub = await startTestHub({
    services: ['identity', 'datacenter', 'gateway'],
    seed: true,
    name: 'sec-cost',
    serviceEnv: { gateway: { SUPERGRAPH_PATH: supergraphOf(['identity', 'datacenter']) } },
  });
  token = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: ['datacenter:read'] });
});
afterAll(() => hub?.stop());

describe('cost estimate on variable defaults', () => {
  it('refuses at the gateway a page size that comes only from a variable default', async () => {
    const { status, body } = await post(hub.url('gateway'), { query: probe }, { token });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.cost.estimated).toBeGreaterThan(4_000_000);
  });

  it('refuses the same operation sent to the datacenter subgraph directly', async () => {
    const { status, body } = await post(hub.url('datacenter'), { query: probe }, { token });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
  });

  it('answers the same operation when the variables ask for small pages', async () => {
    const { status, body } = await post(hub.url('gateway'), { query: probe, variables: { n: 3 } }, { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.a.nodes).toHaveLength(3);
    expect(body.data?.a.nodes[0].students.nodes.length).toBeGreaterThan(0);
  });

  it('answers an ordinary nested query without first (default pages of 20)', async () => {
    const query = `{ schools { nodes { name classes { nodes { name } } } } }`;
    const { status, body } = await post(hub.url('gateway'), { query }, { token });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.schools.nodes.length).toBeGreaterThan(0);
  });
});
