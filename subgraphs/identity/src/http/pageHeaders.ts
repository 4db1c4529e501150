import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers on every response of the identity service's pages (sign-in, consent, logout, errors):
 * no scripts or foreign content, never inside a frame (clickjacking of the sign-in form), no
 * content sniffing, and no referrer leaking interaction ids to portals.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

export function setPageSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) res.setHeader(name, value);
}

/**
 * Makes a request look to the OpenID provider as if it came to IDENTITY_ISSUER: the provider
 * builds discovery and its redirects from Host and X-Forwarded-*, so those are replaced by the
 * configured issuer and the client address computed from TRUSTED_PROXIES. A forged
 * X-Forwarded-Host (or Host) can then never point clients at another server.
 */
export function pinToIssuer(req: IncomingMessage, issuer: URL, client: string): void {
  delete req.headers['x-forwarded-host'];
  delete req.headers['x-forwarded-port'];
  delete req.headers.forwarded;
  req.headers.host = issuer.host;
  req.headers['x-forwarded-proto'] = issuer.protocol.replace(/:$/, '');
  req.headers['x-forwarded-for'] = client;
}
