import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { freePort, startTestHub, tokenRequest, type TestHub } from '@edugraph/infra/testing';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A school portal signs a teacher in through the hub in a real browser (Debian's chromium,
 * headless): authorization code + PKCE, the hub's sign-in page, back to the portal, which
 * exchanges the code and shows the signed-in user's name from the graph.
 */
describe('school portal single sign-on in a browser', () => {
  let hub: TestHub;
  let portal: Server;
  let portalUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: '2133000001', regionCode: '330102' }],
    });
    await hub.createUser({
      username: 'zhang.wei',
      displayName: '张伟',
      kind: 'TEACHER',
      org: '2133000001',
      region: '330102',
      roles: ['TEACHER'],
      password: 'Correct-Horse-9',
    });
    const port = await freePort();
    portalUrl = `http://127.0.0.1:${port}`;
    const admin = await hub.tokenFor({
      org: '100000',
      roles: ['NATIONAL_ADMIN'],
      scopes: ['identity:admin', 'datacenter:read'],
    });
    const registered = await hub.gql(
      'identity',
      `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { clientId } } }`,
      {
        input: {
          name: '西湖小学门户',
          kind: 'PORTAL',
          organization: '2133000001',
          regionCode: '330102',
          scopes: ['datacenter:read'],
          redirectUris: [`${portalUrl}/callback`],
          confidential: false,
          // A national administrator registers the school's own portal as first-party: no consent page.
          firstParty: true,
        },
      },
      admin,
    );
    const clientId = registered.data!.registerClient.client.clientId as string;
    const pending = new Map<string, string>();
    const issuer = hub.url('identity');
    portal = createServer((req, res) => {
      const url = new URL(req.url!, portalUrl);
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><a id="login" href="/login">统一身份登录</a>');
        return;
      }
      if (url.pathname === '/login') {
        const verifier = randomBytes(32).toString('base64url');
        const state = randomBytes(8).toString('hex');
        pending.set(state, verifier);
        const auth = new URL(`${issuer}/auth`);
        auth.search = new URLSearchParams({
          client_id: clientId,
          response_type: 'code',
          redirect_uri: `${portalUrl}/callback`,
          scope: 'openid profile datacenter:read',
          code_challenge: createHash('sha256').update(verifier).digest('base64url'),
          code_challenge_method: 'S256',
          state,
        }).toString();
        res.writeHead(302, { location: auth.toString() });
        res.end();
        return;
      }
      if (url.pathname === '/callback') {
        const verifier = pending.get(url.searchParams.get('state') ?? '');
        void (async () => {
          const tokens = await tokenRequest(issuer, {
            grant_type: 'authorization_code',
            code: url.searchParams.get('code')!,
            code_verifier: verifier!,
            redirect_uri: `${portalUrl}/callback`,
            client_id: clientId,
          });
          const me = await hub.gql('identity', '{ me { displayName organization } }', {}, tokens.accessToken);
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            `<!doctype html><h1 id="who">你好，${me.data!.me.displayName}</h1><p id="org">${me.data!.me.organization}</p>`,
          );
        })().catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => portal.listen(port, '127.0.0.1', resolve));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (portal) {
      portal.closeAllConnections();
      await new Promise((resolve) => portal.close(resolve));
    }
    await hub?.stop();
  });

  it('signs in with code + PKCE and shows the user name', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(portalUrl);
    await page.click('#login');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('登录');
    await page.getByLabel('用户名').fill('zhang.wei');
    await page.getByLabel('密码').fill('wrong-Password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('用户名或密码错误');
    await page.getByLabel('密码').fill('Correct-Horse-9');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${portalUrl}/callback**`);
    expect(await page.textContent('#who')).toBe('你好，张伟');
    expect(await page.textContent('#org')).toBe('2133000001');
    await page.close();
  });
});
