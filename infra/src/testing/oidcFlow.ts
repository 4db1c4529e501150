import { createHash, randomBytes } from 'node:crypto';

/** The tokens an OpenID sign-in ends with. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresIn: number;
  scope?: string;
}

function toTokenSet(body: Record<string, unknown>): TokenSet {
  return {
    accessToken: String(body.access_token),
    refreshToken: body.refresh_token ? String(body.refresh_token) : undefined,
    idToken: body.id_token ? String(body.id_token) : undefined,
    expiresIn: Number(body.expires_in),
    scope: body.scope ? String(body.scope) : undefined,
  };
}

async function tokenRequest(
  issuer: string,
  params: Record<string, string>,
  auth?: { clientId: string; clientSecret: string },
): Promise<TokenSet> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth)
    headers.authorization = `Basic ${Buffer.from(
      `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`,
    ).toString('base64')}`;
  const res = await fetch(`${issuer}/token`, { method: 'POST', headers, body: new URLSearchParams(params) });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return toTokenSet(body);
}

/** Client credentials grant (services). */
export function clientCredentials(
  issuer: string,
  clientId: string,
  clientSecret: string,
  scopes: readonly string[],
): Promise<TokenSet> {
  return tokenRequest(
    issuer,
    { grant_type: 'client_credentials', ...(scopes.length ? { scope: scopes.join(' ') } : {}) },
    { clientId, clientSecret },
  );
}

export function refresh(issuer: string, clientId: string, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(issuer, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
  });
}

/** A minimal cookie jar: enough for the provider's session and interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface CodeFlowResult extends TokenSet {
  /** The authorization code, once used (for replay tests). */
  code: string;
  codeVerifier: string;
  /** Browser cookies after sign-in (the provider's session), for logout tests. */
  cookieHeader: string;
  /** The consent page as shown (third-party portals), with its status and headers. */
  consentPage?: { status: number; html: string; headers: Headers };
}

/**
 * The whole authorization code + PKCE flow over HTTP, as a browser and a portal would do it:
 * authorization request, the sign-in form, the redirect with the code, the token request.
 * Throws with the page's alert text when the sign-in is refused.
 */
export async function codeFlow(options: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
  /**
   * What the user answers on the consent page of a third-party portal. Unset: a consent page
   * makes the flow throw (first-party portals never show one).
   */
  consent?: 'allow' | 'deny';
  /** Accept-Language of the browser. */
  acceptLanguage?: string;
}): Promise<CodeFlowResult> {
  const { issuer } = options;
  const jar = new CookieJar();
  const codeVerifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(8).toString('hex'),
  }).toString();

  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...init.headers,
        cookie: jar.header(),
        ...(options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {}),
      },
    });
    jar.store(res);
    return res;
  };
  let res = await go(auth.toString());
  let location = res.headers.get('location');
  if (!location) throw new Error(`authorization request answered ${res.status}: ${await res.text()}`);
  const interaction = new URL(location, issuer);
  res = await go(`${interaction.origin}${interaction.pathname}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: options.username, password: options.password }),
  });
  if (res.status !== 303 && res.status !== 302) {
    const html = await res.text();
    const alert = /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];
    throw new Error(`sign-in refused (${res.status}): ${alert ?? html.slice(0, 200)}`);
  }
  // Follow the provider's redirects until it sends the browser back to the portal.
  const hops: string[] = [];
  let consentPage: CodeFlowResult['consentPage'];
  for (;;) {
    location = res.headers.get('location');
    if (!location)
      throw new Error(`expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
    if (location.startsWith(options.redirectUri)) break;
    hops.push(location);
    if (hops.length > 10) throw new Error(`redirect loop: ${hops.join(' → ')}`);
    res = await go(new URL(location, issuer).toString());
    if (res.status === 200 && /\/interaction\/[\w-]+$/.test(new URL(location, issuer).pathname)) {
      // The consent page of a third-party portal: answer it as the user would.
      consentPage = { status: res.status, html: await res.text(), headers: res.headers };
      if (!options.consent) throw new Error(`the hub asked for consent: ${consentPage.html.slice(0, 300)}`);
      const page = new URL(location, issuer);
      res = await go(`${page.origin}${page.pathname}/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ decision: options.consent }),
      });
    }
  }
  const callback = new URL(location!);
  if (callback.searchParams.get('error'))
    throw Object.assign(
      new Error(
        `authorization failed: ${callback.searchParams.get('error')} ${callback.searchParams.get('error_description')}`,
      ),
      { callback, consentPage },
    );
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = callback.searchParams.get('code')!;
  const tokens = await tokenRequest(issuer, {
    grant_type: 'authorization_code',
    code,
    code_verifier: codeVerifier,
    redirect_uri: options.redirectUri,
    client_id: options.clientId,
  });
  return { ...tokens, code, codeVerifier, cookieHeader: jar.header(), consentPage };
}

export { tokenRequest };
