import { startRedisServer, startTestHub, type RedisServer, type TestHub } from '@edugraph/infra/testing';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Client-secret guessing at the token endpoint (review finding: no throttle against it). A sync
 * job or a provincial platform built with panva's openid-client talks to the real identity
 * service over HTTP. Here a client may fail 3 times in a 4 s window and an address 6 times; the
 * test's requests come "through" a trusted proxy at 127.0.0.1, so each test has its own source
 * address (X-Forwarded-For) and its own budget.
 */
const MAX_FAILURES = 3;
const SOURCE_MAX_FAILURES = 6;
const WINDOW_SECONDS = 4;
const SCOPE = 'datacenter:read';

type Auth = (secret: string) => oidc.ClientAuth;

/** openid-client configured with a secret (sent with `auth`), its requests coming from `address`. */
async function configAt(
  issuer: URL,
  clientId: string,
  secret: string,
  address: string,
  auth: Auth = oidc.ClientSecretPost,
) {
  const config = await oidc.discovery(issuer, clientId, undefined, auth(secret), {
    execute: [oidc.allowInsecureRequests],
  });
  config[oidc.customFetch] = (url, options) => {
    const headers = new Headers(options.headers);
    headers.set('x-forwarded-for', address);
    return fetch(url, { ...options, headers } as RequestInit);
  };
  return config;
}

/** The token endpoint's answer: a token, or the OAuth error with its status and Retry-After. */
async function tokenAnswer(config: oidc.Configuration) {
  try {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: SCOPE });
    return { token: Boolean(tokens.access_token) };
  } catch (err) {
    if (!(err instanceof oidc.ResponseBodyError)) throw err;
    return {
      status: err.status,
      error: err.error,
      description: err.error_description ?? '',
      retryAfter: Number(err.response.headers.get('retry-after') ?? 0),
    };
  }
}

describe('a client guessing secrets at the token endpoint', () => {
  let hub: TestHub;
  let issuer: URL;
  let addresses = 0;

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: '2133000001', regionCode: '330102' }],
      serviceEnv: {
        identity: {
          TRUSTED_PROXIES: '127.0.0.1',
          CLIENT_AUTH_MAX_FAILURES: String(MAX_FAILURES),
          CLIENT_AUTH_SOURCE_MAX_FAILURES: String(SOURCE_MAX_FAILURES),
          CLIENT_AUTH_WINDOW_SECONDS: String(WINDOW_SECONDS),
        },
      },
    });
    issuer = new URL(hub.url('identity'));
  }, 180_000);
  afterAll(() => hub?.stop());

  /** A new source address for the test's requests. */
  const nextAddress = () => `198.51.100.${++addresses}`;

  const newClient = (name: string) =>
    hub.registerServiceClient({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [SCOPE], name });

  const configFor = (clientId: string, secret: string, address: string, auth?: Auth) =>
    configAt(issuer, clientId, secret, address, auth);
  const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

  it('refuses even the right secret after 3 wrong ones, until the window passes, and leaves another client alone', async () => {
    const [target, bystander] = await Promise.all([newClient('guessed'), newClient('bystander')]);
    const address = nextAddress();
    const right = await configFor(target.clientId, target.clientSecret, address);
    for (let i = 0; i < MAX_FAILURES; i++)
      expect(await tokenAnswer(await configFor(target.clientId, `guess-${i}`, address))).toMatchObject({
        status: 401,
        error: 'invalid_client',
      });

    const refused = await tokenAnswer(right);
    expect(refused).toMatchObject({ status: 429, error: 'invalid_client' });
    expect(refused.description).toMatch(
      /too many failed client authentications for this client; retry in \d+ s/,
    );
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    // The same client over Basic authentication is refused alike.
    const basic = await configFor(target.clientId, target.clientSecret, address, oidc.ClientSecretBasic);
    expect(await tokenAnswer(basic)).toMatchObject({ status: 429, error: 'invalid_client' });

    // Another client, from the same address, still gets its tokens.
    expect(await tokenAnswer(await configFor(bystander.clientId, bystander.clientSecret, address))).toEqual({
      token: true,
    });

    await sleep(refused.retryAfter! + 0.5);
    expect(await tokenAnswer(right)).toEqual({ token: true });
  });

  it('does not count authentications with the right secret', async () => {
    const client = await newClient('busy sync job');
    const config = await configFor(client.clientId, client.clientSecret, nextAddress());
    for (let i = 0; i < MAX_FAILURES * 3; i++) expect(await tokenAnswer(config)).toEqual({ token: true });
  });

  it('counts wrong secrets at the revocation and introspection endpoints too', async () => {
    const client = await newClient('revoker');
    const address = nextAddress();
    const right = await configFor(client.clientId, client.clientSecret, address);
    const { access_token: token } = await oidc.clientCredentialsGrant(right, { scope: SCOPE });
    const wrong = await configFor(client.clientId, 'not-the-secret', address);
    const attempts = [
      () => oidc.tokenRevocation(wrong, token),
      () => oidc.tokenIntrospection(wrong, token),
      () => oidc.tokenRevocation(wrong, token),
    ];
    for (const attempt of attempts)
      await expect(attempt()).rejects.toMatchObject({ status: 401, error: 'invalid_client' });
    expect(await tokenAnswer(right)).toMatchObject({ status: 429, error: 'invalid_client' });
  });

  it('refuses an address that guesses at many clients, before any of them runs out', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map((n) => newClient(`sprayed ${n}`)));
    const address = nextAddress();
    for (let i = 0; i < SOURCE_MAX_FAILURES; i++)
      expect(
        await tokenAnswer(await configFor(clients[i % 3]!.clientId, `spray-${i}`, address)),
      ).toMatchObject({ status: 401 });
    const fresh = clients[3]!;
    const refused = await tokenAnswer(await configFor(fresh.clientId, fresh.clientSecret, address));
    expect(refused).toMatchObject({ status: 429, error: 'invalid_client' });
    expect(refused.description).toMatch(/from this address/);
    // The same client from another address is not refused: the address was, not the client.
    expect(await tokenAnswer(await configFor(fresh.clientId, fresh.clientSecret, nextAddress()))).toEqual({
      token: true,
    });
  });
});

describe('identity instances sharing the count through Redis', () => {
  let redis: RedisServer;
  let hub: TestHub;

  beforeAll(async () => {
    redis = await startRedisServer();
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      instances: 2,
      schools: [{ code: '2133000001', regionCode: '330102' }],
      serviceEnv: {
        identity: {
          REDIS_URL: redis.url,
          TRUSTED_PROXIES: '127.0.0.1',
          CLIENT_AUTH_MAX_FAILURES: String(MAX_FAILURES),
          CLIENT_AUTH_WINDOW_SECONDS: '60',
        },
      },
    });
  }, 180_000);
  afterAll(async () => {
    await hub?.stop();
    await redis?.stop();
  });

  it('refuses the right secret at every instance once the failures at all of them reach the limit', async () => {
    const issuer = new URL(hub.url('identity'));
    const client = await hub.registerServiceClient({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: [SCOPE],
      name: 'guessed at two instances',
    });
    const address = '203.0.113.9';
    const wrong = await configAt(issuer, client.clientId, 'not-the-secret', address);
    const right = await configAt(issuer, client.clientId, client.clientSecret, address);
    const served = hub.proxy('identity')!.served;
    const from = served.length;
    for (let i = 0; i < MAX_FAILURES; i++) expect(await tokenAnswer(wrong)).toMatchObject({ status: 401 });
    // The round-robin proxy sent the failures to both instances: neither saw 3 of them alone.
    expect(new Set(served.slice(from))).toEqual(new Set([0, 1]));
    for (let i = 0; i < 2; i++)
      expect(await tokenAnswer(right)).toMatchObject({ status: 429, error: 'invalid_client' });
    expect(new Set(served.slice(from + MAX_FAILURES))).toEqual(new Set([0, 1]));
  });
});
