import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { NATION_CODE, roles } from '@edugraph/shared';

/** The subject and client id of the tokens identity issues to itself. */
export const IDENTITY_SERVICE_ID = 'edugraph-identity';

const SERVICE_TOKEN_TTL_SECONDS = 60;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A short-lived national service token that identity signs with its own current signing key, so
 * it can ask the data center (the authority on the organization tree) where an organization
 * sits. It is an ordinary hub token (same issuer, audience, claims), limited to `scope`, and is
 * never handed out: it lives in this process for a minute.
 */
export function createServiceTokenSource(options: {
  issuer: string;
  audience: string;
  scope: string;
  signingKey: () => Record<string, unknown>;
}): () => string {
  let cached: { token: string; kid: unknown; renewAt: number } | undefined;
  return () => {
    const jwk = options.signingKey();
    const now = Math.floor(Date.now() / 1000);
    if (cached && cached.kid === jwk.kid && cached.renewAt > now) return cached.token;
    const header = { alg: 'RS256', typ: 'at+jwt', kid: jwk.kid };
    const payload = {
      iss: options.issuer,
      aud: options.audience,
      sub: IDENTITY_SERVICE_ID,
      client_id: IDENTITY_SERVICE_ID,
      org: NATION_CODE,
      org_path: [NATION_CODE],
      roles: [roles.SERVICE],
      scope: options.scope,
      iat: now,
      exp: now + SERVICE_TOKEN_TTL_SECONDS,
      jti: randomUUID(),
    };
    const input = `${b64(header)}.${b64(payload)}`;
    const key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    const token = `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
    cached = { token, kid: jwk.kid, renewAt: now + SERVICE_TOKEN_TTL_SECONDS - 20 };
    return token;
  };
}
