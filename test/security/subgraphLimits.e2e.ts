import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, post } from './limitsSupport.ts';

/**
 * Issue 13, finding 6 (and the string bound of finding 9): a subgraph reached directly — here
 * the datacenter's own port, in production — applies the same request limits as the gateway,
 * with the same codes, and keeps its SDL for composition tooling.
 */
const SDL_SECRET = 'composition-secret-for-tests';
let hub: TestHub;
let datacenter: string;

beforeAll(async () => {
  hub = await startTestHub({
    services: ['datacenter'],
    name: 'sec-subgraph',
    serviceEnv: { datacenter: { NODE_ENV: 'production', SDL_ACCESS_SECRET: SDL_SECRET } },
  });
  datacenter = hub.url('datacenter');
});
afterAll(() => hub?.stop());

describe('a subgraph reached directly', () => {
  it('refuses an operation nested deeper than 12 levels with QUERY_TOO_DEEP', async () => {
    const nested = `{ region(code: "330000") { ${'children { '.repeat(12)}code${' }'.repeat(12)} } }`;
    const { status, body } = await post(datacenter, { query: nested });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['QUERY_TOO_DEEP']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ max: 12, depth: 14 });
  });

  it('refuses more than 30 aliases with TOO_MANY_ALIASES', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const { status, body } = await post(datacenter, { query: `{ ${aliases} }` });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses an operation of more than 2000 tokens with TOO_MANY_TOKENS', async () => {
    const { status, body } = await post(datacenter, { query: `{ ${'__typename '.repeat(2100)}}` });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['TOO_MANY_TOKENS']);
  });

  it('refuses 5 aliases × 1000 classes × 1000 students by their estimated cost, defaults included', async () => {
    const page = `classes(first: $n) { nodes { students(first: $n) { nodes { id name } } } }`;
    const query = `query($n: Int = 1000) { ${[1, 2, 3, 4, 5].map((i) => `c${i}: ${page}`).join(' ')} }`;
    const { status, body } = await post(datacenter, { query });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(body.errors?.[0]?.extensions?.cost).toMatchObject({ max: 5000 });
    expect(body.errors?.[0]?.extensions?.cost.estimated).toBeGreaterThan(5_000_000);
  });

  it('refuses a body over 1 MB with 413 REQUEST_TOO_LARGE before reading it', async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(8_000_000) } });
    const { status, body } = await post(datacenter, big);
    expect(status).toBe(413);
    expect(codes(body)).toEqual(['REQUEST_TOO_LARGE']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ max: 1_000_000 });
  });

  it('refuses a 990 kB namePrefix as BAD_USER_INPUT naming the variable, not a 500', async () => {
    const query = `query($p: String) { schools(filter: { namePrefix: $p }) { nodes { name } } }`;
    const { status, body, text } = await post(datacenter, { query, variables: { p: 'a'.repeat(990_000) } });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.extensions).toMatchObject({ field: '$p', max: 20_000, length: 990_000 });
    expect(text.length).toBeLessThan(1000);
  });

  it('refuses a long string written in the operation text, naming the field and argument', async () => {
    const query = `{ schoolByCode(code: "${'1'.repeat(20_001)}") { name } }`;
    const { status, body } = await post(datacenter, { query });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'schoolByCode(code)',
    });
  });

  it('keeps its SDL from anyone but composition tooling in production', async () => {
    const anonymous = await post(datacenter, { query: '{ _service { sdl } }' });
    expect(anonymous.status).toBe(403);
    expect(codes(anonymous.body)).toEqual(['FORBIDDEN']);
    expect(anonymous.text).not.toContain('type School');
    const wrong = await post(
      datacenter,
      { query: 'query { ...S } fragment S on Query { _service { sdl } }' },
      { headers: { 'x-edugraph-sdl-secret': 'not-the-secret-at-all' } },
    );
    expect(codes(wrong.body)).toEqual(['FORBIDDEN']);
    const tooling = await post(
      datacenter,
      { query: '{ _service { sdl } }' },
      { headers: { 'x-edugraph-sdl-secret': SDL_SECRET } },
    );
    expect(tooling.status).toBe(200);
    expect(tooling.body.data?._service.sdl).toContain('type School');
  });

  it('still answers an ordinary operation within the limits', async () => {
    const { status, body } = await post(datacenter, { query: '{ __typename }' });
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });
});
