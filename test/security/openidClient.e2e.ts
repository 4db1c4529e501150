import { TEST_PORTAL_REDIRECT, codeFlow, startTestHub, type TestHub } from '@edugraph/infra/testing';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, type Answer } from './identityHttp.ts';

/**
 * A school portal built with panva's openid-client (the library a portal would use) against
 * the real identity service over HTTP: discovery, code + PKCE, userinfo (which answered 401
 * invalid_token to every token the hub issues), refresh and RP-initiated logout. The test
 * plays the browser: it follows redirects with a cookie jar and posts the sign-in form.
 */
class Browser {
  private readonly cookies = new Map<string, string>();
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Answer> {
    const answer = await send(url, {
      method: init.method,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of (answer.headers['set-cookie'] as string[] | undefined) ?? []) {
      const [pair] = line.split(';');
      const [name, value = ''] = pair!.split('=');
      if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.set(name!.trim(), value);
      else this.cookies.delete(name!.trim());
    }
    return answer;
  }
  /** Follows redirects from `answer` until one leaves for `target`; returns that URL. */
  async followTo(answer: Answer, base: string, target: string): Promise<URL> {
    for (let hops = 0; hops < 10; hops += 1) {
      const location = answer.headers.location;
      if (!location)
        throw new Error(`expected a redirect, got ${answer.status}: ${answer.body.slice(0, 300)}`);
      const next = new URL(String(location), base);
      if (next.href.startsWith(target)) return next;
      answer = await this.go(next.href);
    }
    throw new Error('too many redirects');
  }
}

describe('a portal built with openid-client', () => {
  let hub: TestHub;
  let issuer: string;
  let config: oidc.Configuration;
  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: '2133000001', regionCode: '330102' }],
    });
    issuer = hub.url('identity');
    await hub.createUser({
      username: 'rp.teacher',
      displayName: '王老师',
      kind: 'TEACHER',
      org: '2133000001',
      region: '330102',
      roles: ['TEACHER'],
      password: 'Portal-Horse-42',
    });
    config = await oidc.discovery(new URL(issuer), await hub.portalClientId(), undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
  }, 180_000);
  afterAll(() => hub?.stop());

  it('signs in with code + PKCE, reads userinfo, refreshes and logs out', async () => {
    const browser = new Browser();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const authUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: TEST_PORTAL_REDIRECT,
      scope: 'openid profile datacenter:read',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const toForm = await browser.go(authUrl.href);
    const form = new URL(String(toForm.headers.location), issuer);
    const posted = await browser.go(`${form.origin}${form.pathname}/login`, {
      method: 'POST',
      form: { username: 'rp.teacher', password: 'Portal-Horse-42' },
    });
    const callback = await browser.followTo(posted, issuer, TEST_PORTAL_REDIRECT);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims()!;
    expect(claims.preferred_username).toBe('rp.teacher');

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({
      sub: claims.sub,
      name: '王老师',
      preferred_username: 'rp.teacher',
      org: '2133000001',
      roles: ['TEACHER'],
    });
    // The same access token is the graph's.
    const me = await hub.gql('identity', '{ me { username } }', {}, tokens.access_token);
    expect(me.data?.me?.username).toBe('rp.teacher');

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await oidc.fetchUserInfo(config, refreshed.access_token, claims.sub)).sub).toBe(claims.sub);

    const endUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: refreshed.id_token ?? tokens.id_token!,
      post_logout_redirect_uri: TEST_PORTAL_REDIRECT,
      state: 'bye',
    });
    const confirm = await browser.go(endUrl.href);
    expect(confirm.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1];
    const done = await browser.go(`${issuer}/session/end/confirm`, {
      method: 'POST',
      form: { xsrf: xsrf!, logout: 'yes' },
    });
    const back = await browser.followTo(done, issuer, TEST_PORTAL_REDIRECT);
    expect(back.searchParams.get('state')).toBe('bye');
    // Logout ended the session's refresh tokens.
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toThrow();
  });

  it('gives userinfo only the claims of the scopes the portal was granted', async () => {
    const userinfo = async (scope: string) => {
      const session = await codeFlow({
        issuer,
        clientId: await hub.portalClientId(),
        redirectUri: TEST_PORTAL_REDIRECT,
        username: 'rp.teacher',
        password: 'Portal-Horse-42',
        scope,
      });
      const res = await fetch(`${issuer}/me`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const withProfile = await userinfo('openid profile datacenter:read');
    expect(withProfile.body).toMatchObject({ preferred_username: 'rp.teacher', org: '2133000001' });
    const subjectOnly = await userinfo('openid datacenter:read');
    expect(subjectOnly.status).toBe(200);
    expect(Object.keys(subjectOnly.body)).toEqual(['sub']);
  });

  it('refuses userinfo to a client-credentials token and to a forged one, saying why', async () => {
    const service = await hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: ['datacenter:read'] });
    const asService = await send(`${issuer}/me`, { headers: { authorization: `Bearer ${service}` } });
    expect(asService.status).toBe(401);
    expect(JSON.parse(asService.body).error).toBe('invalid_token');
    const forged = await send(`${issuer}/me`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
    expect(String(forged.headers['www-authenticate'])).toMatch(/^Bearer error="invalid_token"/);
  });

  it('lets a browser portal on another origin call userinfo with the token in its header', async () => {
    const preflight = await send(`${issuer}/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://portal.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
  });
});
