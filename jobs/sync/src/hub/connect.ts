import type { HubAccess } from '../config.ts';
import { createHubClient, type HubClient } from './hubClient.ts';
import { clientCredentialsTokenSource, staticTokenSource, type TokenSource } from './tokenSource.ts';

/**
 * A hub client from what the operator gave: a ready token, or client credentials and the
 * token endpoint (given, or read from the issuer's OpenID discovery document).
 */
export class AccessError extends Error {}

export async function discoverTokenEndpoint(issuer: string): Promise<string> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new AccessError(
      `cannot read the identity provider's discovery document ${url}: ${(err as Error).message}`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as { token_endpoint?: string };
  if (!res.ok || !body.token_endpoint)
    throw new AccessError(`${url} answered HTTP ${res.status} without a token_endpoint`);
  return body.token_endpoint;
}

export async function tokenSourceFor(
  access: HubAccess,
  scopes: readonly string[],
  side = '',
): Promise<TokenSource> {
  if (access.token) return staticTokenSource(access.token);
  const prefix = side ? `--${side}-` : '--';
  if (!access.clientId || !access.clientSecret)
    throw new AccessError(
      `no credentials for ${access.url}: pass ${prefix}client-id and ${prefix}client-secret ` +
        `(or set ${side === 'from' ? 'EDUGRAPH_SOURCE_CLIENT_ID/_SECRET' : 'EDUGRAPH_CLIENT_ID/_SECRET'}), or a token`,
    );
  const tokenUrl =
    access.tokenUrl ?? (access.issuer ? await discoverTokenEndpoint(access.issuer) : undefined);
  if (!tokenUrl)
    throw new AccessError(
      `no token endpoint for ${access.url}: pass ${prefix}token-url or ${prefix}issuer ` +
        `(or set ${side === 'from' ? 'EDUGRAPH_SOURCE_TOKEN_URL' : 'EDUGRAPH_TOKEN_URL'})`,
    );
  return clientCredentialsTokenSource({
    tokenUrl,
    clientId: access.clientId,
    clientSecret: access.clientSecret,
    scopes,
  });
}

export interface ConnectOptions {
  retries?: number;
  onRetry?: (error: Error, attempt: number, retriesLeft: number) => void;
}

export async function connectHub(
  access: HubAccess,
  scopes: readonly string[],
  options: ConnectOptions & { side?: string } = {},
): Promise<HubClient> {
  const tokens = await tokenSourceFor(access, scopes, options.side);
  // Fetch the first token now: wrong credentials fail before any file is read.
  await tokens.token();
  return createHubClient({
    url: access.url,
    tokens,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}
