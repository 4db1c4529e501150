import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLogin, send, startLogin, type Answer } from './identityHttp.ts';

/**
 * Finding 9 (identity pages): every page of the identity service — sign-in, its refusals,
 * expired sessions, provider errors, logout and its success page — carries a CSP that forbids
 * framing, X-Frame-Options: DENY and X-Content-Type-Options: nosniff; so do its JSON answers.
 */
describe('security headers on every identity page', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity'] });
    await hub.createUser({
      username: 'page.user',
      displayName: '页面',
      kind: 'TEACHER',
      org: '330102',
      password: 'Page-Horse-42',
    });
  }, 180_000);
  afterAll(() => hub?.stop());

  const expectProtected = (answer: Answer, what: string) => {
    const csp = String(answer.headers['content-security-policy'] ?? '');
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("default-src 'none'");
    expect(answer.headers['x-frame-options'], what).toBe('DENY');
    expect(answer.headers['x-content-type-options'], what).toBe('nosniff');
  };

  it('protects the sign-in page, its refusal and the expired-session page', async () => {
    const login = await startLogin(hub);
    const form = await send(login.page, { headers: { cookie: login.cookie } });
    expect(form.status).toBe(200);
    expectProtected(form, 'sign-in page');
    const wrong = await postLogin(login, { username: 'page.user', password: 'Wrong-Horse-41' });
    expect(wrong.status).toBe(401);
    expectProtected(wrong, 'wrong password');
    const expired = await send(login.page);
    expect(expired.status).toBe(400);
    expectProtected(expired, 'expired session');
  });

  it('protects the provider error page', async () => {
    const res = await send(`${hub.url('identity')}/auth?client_id=no-such-client&response_type=code`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(String(res.headers['content-type'])).toContain('text/html');
    expectProtected(res, 'provider error page');
  });

  it('protects the logout confirmation and the signed-out page', async () => {
    const session = await hub.signIn('page.user', 'Page-Horse-42');
    const issuer = hub.url('identity');
    const confirm = await send(`${issuer}/session/end?id_token_hint=${session.idToken}`, {
      headers: { cookie: session.cookieHeader },
    });
    expect(confirm.status).toBe(200);
    expectProtected(confirm, 'logout confirmation');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)?.[1];
    expect(xsrf).toBeTruthy();
    const done = await send(`${issuer}/session/end/confirm`, {
      method: 'POST',
      headers: { cookie: session.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(done.status).toBe(303);
    const success = await send(new URL(String(done.headers.location), issuer).toString());
    expect(success.status).toBe(200);
    expect(success.body).toContain('您已安全退出');
    expectProtected(success, 'signed-out page');
  });

  it('sends nosniff and no framing with discovery and the keys too', async () => {
    for (const path of ['/.well-known/openid-configuration', '/jwks']) {
      const res = await send(`${hub.url('identity')}${path}`);
      expect(res.status).toBe(200);
      expectProtected(res, path);
    }
  });
});
