import { codeFlow, startTestHub, type CodeFlowResult, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Finding 2 of issue 13 (high): a county administrator registered a public portal redirecting to
 * `https://evil.example/cb`; the provincial administrator then signed in through the hub's own
 * login page and the code, with `identity:admin personal-data datacenter:write`, went to that
 * host without any consent screen. Now only national administrators make first-party clients;
 * every other portal shows the consent page, and a token never carries more than both the
 * portal's registration and the user's roles allow.
 */
const EVIL = 'https://evil.example/cb';
const PASSWORD = 'Correct-Horse-9';
const ASKED = 'openid profile identity:admin personal-data datacenter:write';

const REGISTER = `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { clientId } } }`;

/** The graph scopes a token carries (the OpenID scopes `openid`/`profile` ride along for userinfo). */
const scopesOf = (token: string): string[] => {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { scope?: string };
  return (claims.scope ?? '').split(' ').filter((s) => s && s !== 'openid' && s !== 'profile');
};

describe('third-party portals ask the user before they get anything', () => {
  let hub: TestHub;
  let county: string;
  let evilPortal: string;

  const signIn = (
    username: string,
    options: { consent?: 'allow' | 'deny'; acceptLanguage?: string; clientId?: string } = {},
  ): Promise<CodeFlowResult> =>
    codeFlow({
      issuer: hub.url('identity'),
      clientId: options.clientId ?? evilPortal,
      redirectUri: EVIL,
      username,
      password: PASSWORD,
      scope: ASKED,
      consent: options.consent,
      acceptLanguage: options.acceptLanguage,
    });

  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity'], name: 'sec-consent' });
    await hub.createUser({
      username: 'zj.admin',
      displayName: '浙江省管理员',
      kind: 'ADMINISTRATOR',
      org: '330000',
      roles: ['PROVINCIAL_ADMIN'],
      password: PASSWORD,
    });
    await hub.createUser({
      username: 'sc.teacher',
      displayName: '上城老师',
      kind: 'TEACHER',
      org: '330102',
      roles: ['TEACHER'],
      password: PASSWORD,
    });
    county = await hub.tokenFor({
      org: '330102',
      roles: ['COUNTY_ADMIN'],
      scopes: ['identity:admin', 'datacenter:read', 'personal-data'],
    });
    const body = await hub.gql(
      'identity',
      `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { clientId } } }`,
      {
        input: {
          name: '上城区家校通',
          kind: 'PORTAL',
          organization: '330102',
          scopes: ['identity:admin', 'personal-data', 'datacenter:read'],
          redirectUris: [EVIL],
          confidential: false,
        },
      },
      county,
    );
    expect(body.errors).toBeUndefined();
    evilPortal = body.data!.registerClient.client.clientId;
  }, 180_000);
  afterAll(() => hub?.stop());

  it('registers a county administrator’s portal as third-party', async () => {
    const body = await hub.gql('identity', `{ clients { clientId firstParty } }`, {}, county);
    expect(body.data?.clients).toContainEqual({ clientId: evilPortal, firstParty: false });
  });

  it('refuses a county administrator registering a first-party client', async () => {
    const body = await hub.gql(
      'identity',
      REGISTER,
      {
        input: {
          name: '假冒官方门户',
          kind: 'PORTAL',
          organization: '330102',
          scopes: ['datacenter:read'],
          redirectUris: [EVIL],
          confidential: false,
          firstParty: true,
        },
      },
      county,
    );
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'firstParty' } });
  });

  it('does not send the provincial administrator’s code to a county-registered portal without asking', async () => {
    await expect(signIn('zj.admin')).rejects.toThrow(/the hub asked for consent/);
  });

  it('shows a Chinese consent page naming the portal, its organization and each scope in words', async () => {
    const tokens = await signIn('zj.admin', { consent: 'allow' });
    const page = tokens.consentPage!;
    expect(page.html).toContain('<html lang="zh-CN">');
    expect(page.html).toContain('授权第三方应用');
    expect(page.html).toContain('上城区家校通');
    expect(page.html).toMatch(/id="organization">330102</);
    expect(page.html).toContain('以您的名义管理用户账号、角色和应用');
    expect(page.html).toContain('查看完整的身份证号、出生日期和电话号码');
    // Asked for but not registered for: neither listed nor granted.
    expect(page.html).not.toContain('data-scope="datacenter:write"');
    expect(page.html).toMatch(/id="allow"[^>]*>允许</);
    expect(page.html).toMatch(/id="deny"[^>]*>拒绝</);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shows a portal name chosen by its registrar as text, never as markup', async () => {
    const body = await hub.gql(
      'identity',
      REGISTER,
      {
        input: {
          name: '<img src=x onerror=alert(1)>门户',
          kind: 'PORTAL',
          organization: '330102',
          scopes: ['datacenter:read'],
          redirectUris: [EVIL],
          confidential: false,
        },
      },
      county,
    );
    const clientId = body.data!.registerClient.client.clientId as string;
    const tokens = await signIn('zj.admin', { consent: 'allow', clientId });
    expect(tokens.consentPage!.html).toContain('&#60;img src=x onerror=alert(1)&#62;门户');
    expect(tokens.consentPage!.html).not.toContain('<img');
  });

  it('shows the consent page in English to an English browser', async () => {
    const tokens = await signIn('zj.admin', { consent: 'deny', acceptLanguage: 'en-GB,en;q=0.9' }).catch(
      (err: { consentPage?: CodeFlowResult['consentPage'] }) => err,
    );
    const page = (tokens as { consentPage?: CodeFlowResult['consentPage'] }).consentPage!;
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('Allow a third-party application');
    expect(page.html).toContain('Manage user accounts, roles and applications in your name');
  });

  it('answers access_denied to the portal when the user denies', async () => {
    const failure = await signIn('zj.admin', { consent: 'deny' }).then(
      () => undefined,
      (err: Error & { callback?: URL }) => err,
    );
    expect(failure?.callback?.origin).toBe('https://evil.example');
    expect(failure?.callback?.searchParams.get('error')).toBe('access_denied');
    expect(failure?.callback?.searchParams.has('code')).toBe(false);
  });

  it('gives after Allow only scopes both the portal’s registration and the user’s roles allow', async () => {
    const admin = await signIn('zj.admin', { consent: 'allow' });
    expect(scopesOf(admin.accessToken).sort()).toEqual(['identity:admin', 'personal-data']);
    const teacher = await signIn('sc.teacher', { consent: 'allow' });
    // A teacher's roles allow none of identity:admin, personal-data, datacenter:write.
    expect(scopesOf(teacher.accessToken)).toEqual([]);
    expect(teacher.consentPage!.html).not.toContain('data-scope="identity:admin"');
  });

  it('lets the national bootstrap client register a first-party portal, which signs in without a consent page', async () => {
    const first = await hub.signIn('zj.admin', PASSWORD, ['datacenter:read']);
    expect(first.consentPage).toBeUndefined();
    expect(scopesOf(first.accessToken)).toContain('datacenter:read');
  });

  // This rule held before the probe too; kept here so it stays.
  it('refuses plain-http redirect URIs except on loopback', async () => {
    const register = (redirectUri: string) =>
      hub.gql(
        'identity',
        REGISTER,
        {
          input: {
            name: '门户',
            kind: 'PORTAL',
            organization: '330102',
            scopes: ['datacenter:read'],
            redirectUris: [redirectUri],
            confidential: false,
          },
        },
        county,
      );
    const http = await register('http://evil.example/cb');
    expect(http.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'redirectUris' } });
    expect(http.errors?.[0]?.message).toMatch(/use https/);
    for (const loopback of ['http://127.0.0.1:8080/cb', 'http://localhost:8080/cb', 'http://[::1]:8080/cb']) {
      const body = await register(loopback);
      expect(body.errors, loopback).toBeUndefined();
    }
  });

  it('makes portals of older versions, first-party without a national registrar, ask for consent after a restart', async () => {
    const conn = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity'), retryWrites: false })
      .asPromise();
    try {
      await conn.collection('clients').insertOne({
        clientId: 'legacy-portal',
        clientSecret: null,
        name: '旧版门户',
        kind: 'PORTAL',
        organization: '330102',
        orgPath: ['100000', '330000', '330100', '330102'],
        scopes: ['datacenter:read'],
        roles: [],
        redirectUris: [EVIL],
        postLogoutRedirectUris: [],
        firstParty: true,
        disabled: false,
        createdAt: new Date(),
      });
    } finally {
      await conn.close();
    }
    await hub.kill('identity');
    await hub.restart('identity');
    await expect(signIn('zj.admin', { clientId: 'legacy-portal' })).rejects.toThrow(
      /the hub asked for consent/,
    );
  });
});
