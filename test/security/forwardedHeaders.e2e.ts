import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLogin, send, startLogin } from './identityHttp.ts';

/**
 * Finding 8: `X-Forwarded-Host: evil.example` on discovery made every endpoint point at that
 * host (the sync CLI would have sent its client secret there). The issuer and its endpoints
 * come from IDENTITY_ISSUER; X-Forwarded-For is believed only from TRUSTED_PROXIES (here
 * 127.0.0.2; the test's ordinary requests come from 127.0.0.1).
 */
const PROXY = '127.0.0.2';
const FORGED = {
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '8443',
  forwarded: 'host=evil.example;proto=https',
};

describe('forwarded headers at the identity provider', () => {
  let hub: TestHub;
  let issuer: string;
  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity'],
      serviceEnv: { identity: { TRUSTED_PROXIES: PROXY, SIGNIN_SOURCE_MAX_FAILURES: '3' } },
    });
    issuer = hub.url('identity');
  }, 180_000);
  afterAll(() => hub?.stop());

  /** Every URL in the discovery document. */
  const urlsOf = (body: string) =>
    Object.values(JSON.parse(body) as Record<string, unknown>).filter(
      (v): v is string => typeof v === 'string' && /^\w+:\/\//.test(v),
    );

  it('keeps the issuer and every endpoint of discovery on IDENTITY_ISSUER whatever the forwarded headers say', async () => {
    for (const from of [undefined, PROXY]) {
      const res = await send(`${issuer}/.well-known/openid-configuration`, { headers: FORGED, from });
      expect(res.status).toBe(200);
      const urls = urlsOf(res.body);
      expect(urls.length).toBeGreaterThan(5);
      for (const url of urls) expect(url.startsWith(`${issuer}/`) || url === issuer).toBe(true);
      expect(res.body).not.toContain('evil.example');
    }
  });

  it('ignores a forged Host header too', async () => {
    const res = await send(`${issuer}/.well-known/openid-configuration`, {
      headers: { host: 'evil.example' },
    });
    expect(JSON.parse(res.body).token_endpoint).toBe(`${issuer}/token`);
  });

  it('sends the browser to the sign-in page on the issuer, not on a forwarded host', async () => {
    const res = await send(`${issuer}/auth?client_id=${await hub.portalClientId()}`, { headers: FORGED });
    expect(String(res.headers.location ?? '')).not.toContain('evil.example');
  });

  it('does not let an ordinary client choose the address that sign-in throttling counts', async () => {
    const login = await startLogin(hub);
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(
        await postLogin(
          login,
          { username: `guess.${i}`, password: 'Wrong-Horse-41' },
          { forwardedFor: `192.0.2.${i + 1}`, lang: 'en' },
        ),
      );
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
  });

  it('believes X-Forwarded-For from a trusted proxy', async () => {
    const login = await startLogin(hub);
    const answers = [];
    for (let i = 0; i < 4; i += 1)
      answers.push(
        await postLogin(
          login,
          { username: `guess.${i}`, password: 'Wrong-Horse-41' },
          { from: PROXY, forwardedFor: `192.0.2.${i + 10}`, lang: 'en' },
        ),
      );
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
  });
});
