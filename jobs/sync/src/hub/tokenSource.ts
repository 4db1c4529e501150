import { t } from '../messages.ts';

/**
 * Access tokens for a sync job: the OAuth 2.0 client credentials grant against the identity
 * provider's token endpoint (client_secret_basic), cached and fetched again a minute before
 * expiry (or a tenth of the lifetime for short-lived tokens), or at once after the hub answers
 * 401. Concurrent callers share one request.
 */
export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}

export class TokenError extends Error {
  readonly transient: boolean;
  constructor(message: string, transient: boolean) {
    super(message);
    this.transient = transient;
  }
}

export interface TokenSource {
  token(): Promise<string>;
  /** Forget the cached token (the hub refused it). */
  invalidate(): void;
}

export function clientCredentialsTokenSource(
  credentials: ClientCredentials,
  now: () => number = Date.now,
  fetchImpl: typeof fetch = fetch,
): TokenSource {
  let cached: { value: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    const basic = Buffer.from(
      `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
    ).toString('base64');
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (credentials.scopes.length) body.set('scope', credentials.scopes.join(' '));
    let res: Response;
    try {
      res = await fetchImpl(credentials.tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new TokenError(t().tokenUnreachable(credentials.tokenUrl, (err as Error).message), true);
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* reported below */
    }
    if (!res.ok || typeof json.access_token !== 'string') {
      const reason = json.error
        ? `${String(json.error)}${json.error_description ? `: ${String(json.error_description)}` : ''}`
        : text.slice(0, 200);
      throw new TokenError(
        t().tokenRefused(
          credentials.tokenUrl,
          credentials.clientId,
          res.status,
          reason,
          credentials.scopes.join(' ') || '(none)',
        ),
        res.status >= 500 || res.status === 429,
      );
    }
    const lifetime = Number(json.expires_in ?? 300) * 1000;
    const margin = Math.min(60_000, lifetime / 10);
    cached = { value: json.access_token, refreshAt: now() + lifetime - margin };
    return json.access_token;
  };

  return {
    async token() {
      if (cached && now() < cached.refreshAt) return cached.value;
      inFlight ??= request().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

/** A fixed token (EDUGRAPH_TOKEN): for operators who fetched one themselves. */
export function staticTokenSource(token: string): TokenSource {
  return { token: async () => token, invalidate: () => {} };
}
