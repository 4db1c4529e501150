import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { TEST_PORTAL_REDIRECT, type TestHub } from '@edugraph/infra/testing';

/** What the security tests read from an identity answer. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/**
 * One HTTP request with full control over what `fetch` will not let a test set: the Host
 * header, and the local address the request comes from (any 127.x.y.z is this machine, so a
 * test can be a "trusted proxy" at 127.0.0.2 and an ordinary client at 127.0.0.1).
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const cookiesOf = (a: Answer) =>
  ((a.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');

/** A started sign-in: the form's URL, where it posts, and the browser's cookies. */
export interface Login {
  page: string;
  action: string;
  cookie: string;
}

/** Starts an authorization request with the test portal, as a browser would. */
export async function startLogin(hub: TestHub, from?: string): Promise<Login> {
  const verifier = randomBytes(32).toString('base64url');
  const params = new URLSearchParams({
    client_id: await hub.portalClientId(),
    response_type: 'code',
    redirect_uri: TEST_PORTAL_REDIRECT,
    scope: 'openid profile',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const res = await send(`${hub.url('identity')}/auth?${params}`, { from });
  const page = new URL(String(res.headers.location), hub.url('identity'));
  return { page: page.toString(), action: `${page.origin}${page.pathname}/login`, cookie: cookiesOf(res) };
}

/** Posts the sign-in form; `from` is the local address, `forwardedFor` an X-Forwarded-For header. */
export function postLogin(
  login: Login,
  form: { username: string; password: string },
  options: { from?: string; forwardedFor?: string; lang?: string } = {},
): Promise<Answer> {
  return send(`${login.action}${options.lang ? `?lang=${options.lang}` : ''}`, {
    method: 'POST',
    from: options.from,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: login.cookie,
      ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
}

/** The alert text of an identity page. */
export const alertOf = (html: string) => /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
