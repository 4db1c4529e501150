import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, post, supergraphOf } from './limitsSupport.ts';

/**
 * Issue 13, finding 7: one user used up `demo-portal`'s 600 requests a minute in 0.57 s and
 * every other user of the portal got 429. Now each user of a client has a budget, and the
 * client a higher ceiling over all its users (here 5 and 8, by configuration).
 */
const PER_USER = 5;
const PER_CLIENT = 8;
let hub: TestHub;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  hub = await startTestHub({
    services: ['identity', 'gateway'],
    name: 'sec-rate',
    serviceEnv: {
      gateway: {
        SUPERGRAPH_PATH: supergraphOf(['identity']),
        RATE_LIMIT: String(PER_USER),
        RATE_LIMIT_PER_CLIENT: String(PER_CLIENT),
      },
    },
  });
  for (const name of ['li.lei', 'han.meimei', 'wang.fang']) {
    const { password } = await hub.createUser({
      username: name,
      displayName: name,
      kind: 'TEACHER',
      org: '330000',
      roles: ['TEACHER'],
    });
    tokens[name] = (await hub.signIn(name, password)).accessToken;
  }
});
afterAll(() => hub?.stop());

const ask = (token: string) => post(hub.url('gateway'), { query: '{ me { displayName } }' }, { token });

describe('rate limit per user within a client', () => {
  it('keeps serving the other users of a portal when one user used up their budget', async () => {
    for (let i = 0; i < PER_USER; i++) expect((await ask(tokens['li.lei']!)).status).toBe(200);
    const refused = await ask(tokens['li.lei']!);
    expect(refused.status).toBe(429);
    expect(codes(refused.body)).toEqual(['RATE_LIMITED']);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ limit: 'user' });
    const other = await ask(tokens['han.meimei']!);
    expect(other.status).toBe(200);
    expect(other.body.data?.me.displayName).toBe('han.meimei');
  });

  it('refuses every user of the portal once the portal reached its own ceiling', async () => {
    // li.lei 5 + han.meimei 1 so far; two more reach the portal's 8.
    for (let i = 0; i < PER_CLIENT - PER_USER - 1; i++)
      expect((await ask(tokens['han.meimei']!)).status).toBe(200);
    const refused = await ask(tokens['wang.fang']!);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'client' });
  });

  it('counts anonymous callers by their address, apart from signed-in users', async () => {
    const anonymous = await post(hub.url('gateway'), { query: '{ __typename }' });
    expect(anonymous.status).toBe(200);
  });
});
