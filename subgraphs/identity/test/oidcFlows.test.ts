import {
  clientCredentials,
  refresh,
  startTestHub,
  tokenRequest,
  type TestHub,
} from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionName, OIDC_MODELS } from '../src/store/oidcRecords.ts';

const ME = `{ me { id username displayName organization orgPath roles } }`;

describe('OpenID Connect flows', () => {
  let hub: TestHub;
  let teacherPassword: string;

  beforeAll(async () => {
    // The teacher's school is placed by the data center: identity asks it where the school sits.
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: '2133000001', regionCode: '330102' }],
    });
    ({ password: teacherPassword } = await hub.createUser({
      username: 'wang.li',
      displayName: '王丽',
      kind: 'TEACHER',
      org: '2133000001',
      region: '330102',
      roles: ['TEACHER'],
    }));
  }, 120_000);
  afterAll(() => hub?.stop());

  it('publishes discovery and the JWKS', async () => {
    const discovery = (await (
      await fetch(`${hub.url('identity')}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(hub.url('identity'));
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('walks the code + PKCE flow and the access token carries the hub claims', async () => {
    const tokens = await hub.signIn('wang.li', teacherPassword, ['datacenter:read', 'identity:admin']);
    const claims = jwt.decode(tokens.accessToken) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: hub.url('identity'),
      aud: 'urn:edugraph:graph',
      org: '2133000001',
      org_path: ['100000', '330000', '330100', '330102', '2133000001'],
      roles: ['TEACHER'],
    });
    // A teacher's roles do not allow identity:admin even when the portal may ask for it.
    expect(String(claims.scope).split(' ')).toContain('datacenter:read');
    expect(String(claims.scope).split(' ')).not.toContain('identity:admin');
    const body = await hub.gql('identity', ME, {}, tokens.accessToken);
    expect(body.data?.me).toMatchObject({ username: 'wang.li', displayName: '王丽' });
    expect(tokens.idToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
  });

  it('refuses a replayed authorization code', async () => {
    const tokens = await hub.signIn('wang.li', teacherPassword);
    await expect(
      tokenRequest(hub.url('identity'), {
        grant_type: 'authorization_code',
        code: tokens.code,
        code_verifier: tokens.codeVerifier,
        redirect_uri: 'http://127.0.0.1:9/callback',
        client_id: await hub.portalClientId(),
      }),
    ).rejects.toThrow(/invalid_grant/);
  });

  it('refreshes, and refuses a revoked refresh token', async () => {
    const tokens = await hub.signIn('wang.li', teacherPassword);
    const clientId = await hub.portalClientId();
    const next = await refresh(hub.url('identity'), clientId, tokens.refreshToken!);
    expect(next.accessToken).toBeTruthy();
    expect((await hub.gql('identity', ME, {}, next.accessToken)).data?.me.username).toBe('wang.li');
    const revoked = await fetch(`${hub.url('identity')}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: next.refreshToken!,
        client_id: clientId,
        token_type_hint: 'refresh_token',
      }),
    });
    expect(revoked.status).toBe(200);
    await expect(refresh(hub.url('identity'), clientId, next.refreshToken!)).rejects.toThrow(/invalid_grant/);
  });

  it('stores no session cookie, code or token as it is: whoever reads the database cannot present them', async () => {
    const tokens = await hub.signIn('wang.li', teacherPassword);
    const next = await refresh(hub.url('identity'), await hub.portalClientId(), tokens.refreshToken!);
    const cookies = tokens.cookieHeader
      .split('; ')
      .map((c) => c.slice(c.indexOf('=') + 1))
      .filter((v) => v.length >= 16);
    const bearers = [tokens.code, tokens.refreshToken!, next.refreshToken!, ...cookies];
    expect(cookies.length).toBeGreaterThan(0);
    const conn = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity'), retryWrites: false })
      .asPromise();
    try {
      const stored: string[] = [];
      for (const model of OIDC_MODELS)
        for (const doc of await conn.db!.collection(collectionName(model)).find({}).toArray())
          stored.push(JSON.stringify(doc));
      expect(stored.some((d) => d.includes('wang.li') || d.includes('"accountId"'))).toBe(true);
      for (const bearer of bearers)
        expect(
          stored.filter((d) => d.includes(bearer)),
          `a stored record holds ${bearer.slice(0, 8)}…`,
        ).toEqual([]);
    } finally {
      await conn.close();
    }
    // And they still work: the newest refresh token refreshes.
    expect(
      (await refresh(hub.url('identity'), await hub.portalClientId(), next.refreshToken!)).accessToken,
    ).toBeTruthy();
  });

  it('ends the session on RP-initiated logout, which also ends its refresh tokens', async () => {
    const tokens = await hub.signIn('wang.li', teacherPassword);
    const issuer = hub.url('identity');
    const page = await fetch(
      `${issuer}/session/end?${new URLSearchParams({ id_token_hint: tokens.idToken!, post_logout_redirect_uri: 'http://127.0.0.1:9/callback' })}`,
      { headers: { cookie: tokens.cookieHeader } },
    );
    const html = await page.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf, html).toBeTruthy();
    const confirm = await fetch(`${issuer}/session/end/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: tokens.cookieHeader },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback/);
    await expect(refresh(issuer, await hub.portalClientId(), tokens.refreshToken!)).rejects.toThrow(
      /invalid_grant/,
    );
  });

  it('issues client-credentials tokens limited to the client scopes', async () => {
    const client = await hub.registerServiceClient({
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      scopes: ['datacenter:read'],
    });
    const token = await clientCredentials(hub.url('identity'), client.clientId, client.clientSecret, [
      'datacenter:read',
    ]);
    expect(jwt.decode(token.accessToken)).toMatchObject({
      sub: client.clientId,
      org: '330000',
      org_path: ['100000', '330000'],
      roles: ['PROVINCIAL_ADMIN'],
      scope: 'datacenter:read',
    });
    await expect(
      clientCredentials(hub.url('identity'), client.clientId, client.clientSecret, ['personal-data']),
    ).rejects.toThrow(/invalid_scope/);
    await expect(clientCredentials(hub.url('identity'), client.clientId, 'wrong-secret', [])).rejects.toThrow(
      /invalid_client/,
    );
  });
  it('registers the operator console as a first-party public portal returning under CONSOLE_URL', async () => {
    const admin = await hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['identity:admin'],
    });
    const body = await hub.gql(
      'identity',
      '{ clients(organization: "100000") { clientId kind firstParty redirectUris postLogoutRedirectUris } }',
      {},
      admin,
    );
    const consoleClient = body.data!.clients.find(
      (c: { clientId: string }) => c.clientId === 'edugraph-console',
    );
    expect(consoleClient).toMatchObject({ kind: 'PORTAL', firstParty: true });
    expect(consoleClient.redirectUris).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/console\/callback$/),
    ]);
    expect(consoleClient.postLogoutRedirectUris).toEqual([
      consoleClient.redirectUris[0].replace(/callback$/, ''),
    ]);
    // Public: the token endpoint takes it without a secret (an unknown code, not an unknown client).
    const res = await fetch(`${hub.url('identity')}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'nope',
        code_verifier: 'x'.repeat(43),
        redirect_uri: consoleClient.redirectUris[0],
        client_id: 'edugraph-console',
      }),
    });
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });
});
