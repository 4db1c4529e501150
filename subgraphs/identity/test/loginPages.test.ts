import { createHash, randomBytes } from 'node:crypto';
import { TEST_PORTAL_REDIRECT, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The sign-in pages over HTTP: language, clear refusals, lockout with back-off, expired sessions. */
describe('sign-in pages', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity'],
      serviceEnv: { identity: { LOCKOUT_THRESHOLD: '3' } },
    });
    await hub.createUser({
      username: 'li.hua',
      displayName: '李华',
      kind: 'TEACHER',
      org: '330102',
      password: 'Correct-Horse-9',
    });
  }, 120_000);
  afterAll(() => hub?.stop());

  /** Starts an authorization request; returns the login page URL and the browser cookies. */
  const startLogin = async (lang?: string) => {
    const verifier = randomBytes(32).toString('base64url');
    const params = new URLSearchParams({
      client_id: await hub.portalClientId(),
      response_type: 'code',
      redirect_uri: TEST_PORTAL_REDIRECT,
      scope: 'openid profile',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const res = await fetch(`${hub.url('identity')}/auth?${params}`, { redirect: 'manual' });
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = new URL(res.headers.get('location')!, hub.url('identity'));
    if (lang) page.searchParams.set('lang', lang);
    return {
      page: page.toString(),
      login: `${page.origin}${page.pathname}/login${lang ? `?lang=${lang}` : ''}`,
      cookie,
    };
  };
  const post = (url: string, cookie: string, form: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(form),
    });

  it('shows an accessible form in Chinese by default and in English on request', async () => {
    const { page, cookie } = await startLogin();
    const zh = await (await fetch(page, { headers: { cookie } })).text();
    expect(zh).toContain('<html lang="zh-CN"');
    expect(zh).toContain('<label for="username">用户名</label>');
    expect(zh).toContain('测试门户');
    const en = await (await fetch(`${page}?lang=en`, { headers: { cookie } })).text();
    expect(en).toContain('<label for="password">Password</label>');
  });

  it('says the password is wrong, in the chosen language, without saying which part', async () => {
    const { login, cookie } = await startLogin();
    const res = await post(login, cookie, { username: 'li.hua', password: 'nope-nope-1A' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('用户名或密码错误');
    const unknown = await post(login.replace(/$/, '?lang=en'), cookie, { username: 'nobody', password: 'x' });
    expect(await unknown.text()).toContain('Wrong username or password.');
  });

  it('locks the account after repeated failures and says until when', async () => {
    await hub.createUser({
      username: 'locked.one',
      displayName: '锁定',
      kind: 'TEACHER',
      org: '330102',
      password: 'Correct-Horse-9',
    });
    const { login, cookie } = await startLogin('en');
    for (let i = 0; i < 2; i += 1)
      await post(login, cookie, { username: 'locked.one', password: 'wrong-Pass-1' });
    const third = await post(login, cookie, { username: 'locked.one', password: 'wrong-Pass-1' });
    expect(third.status).toBe(423);
    expect(await third.text()).toMatch(/account is locked\. Try again after/);
    // Even the right password is refused while locked.
    const right = await post(login, cookie, { username: 'locked.one', password: 'Correct-Horse-9' });
    expect(right.status).toBe(423);
  });

  it('explains an expired or foreign sign-in session', async () => {
    const { page, login } = await startLogin();
    const noCookie = await fetch(page);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('登录会话已过期');
    const forged = await post(login, '', { username: 'li.hua', password: 'Correct-Horse-9' });
    expect(forged.status).toBe(400);
  });

  it('signs in with the right password and redirects back to the portal', async () => {
    const { login, cookie } = await startLogin();
    const res = await post(login, cookie, { username: 'li.hua', password: 'Correct-Horse-9' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/auth\//);
  });
});
