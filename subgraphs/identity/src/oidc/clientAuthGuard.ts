import type { Logger } from '@edugraph/shared/logger';
import Provider, { errors as oidcErrors } from 'oidc-provider';
import type { ClientAuthRefusal, ClientAuthThrottle } from '../http/clientAuthThrottle.ts';

/**
 * The answer to a throttled client: the OAuth error for a failed client authentication
 * (`invalid_client`, RFC 6749 §5.2) with HTTP 429 and Retry-After (RFC 6585), so a client
 * library reports an OAuth error while HTTP clients and proxies see "come back later".
 */
function tooManyFailures(refusal: ClientAuthRefusal): Error {
  const err = new oidcErrors.InvalidClientAuth(`throttled per ${refusal.limit}`);
  const why = refusal.limit === 'client' ? 'for this client' : 'from this address';
  return Object.assign(err, {
    status: 429,
    statusCode: 429,
    error_description: `too many failed client authentications ${why}; retry in ${refusal.retryAfterSeconds} s`,
  });
}

/**
 * Puts the client-secret throttle around the provider's secret comparison. oidc-provider has no
 * hook between finding the client of a request (Basic header or `client_id` in the body, which
 * only the provider parses) and comparing its secret, so the comparison of this provider's own
 * Client class is wrapped; it is awaited by every endpoint that authenticates clients with a
 * secret (token, introspection, revocation). The request (its source address, pinned from
 * TRUSTED_PROXIES before the provider runs) comes from the provider's request context.
 * `clientAuthThrottle.e2e.ts` fails if an upgrade stops calling it.
 */
export function guardClientSecrets(provider: Provider, throttle: ClientAuthThrottle, logger: Logger): void {
  const prototype = provider.Client.prototype;
  const compare = prototype.compareClientSecret;
  prototype.compareClientSecret = async function guardedCompare(actual: string): Promise<boolean> {
    const ctx = Provider.ctx;
    const source = ctx?.ip || 'unknown';
    const refusal = await throttle.take(this.clientId, source);
    if (refusal) {
      logger.warn(
        { clientId: this.clientId, source, limit: refusal.limit },
        'client authentication throttled',
      );
      ctx?.set('retry-after', String(refusal.retryAfterSeconds));
      throw tooManyFailures(refusal);
    }
    const matches = await compare.call(this, actual);
    if (matches) await throttle.giveBack(this.clientId, source);
    else logger.info({ clientId: this.clientId, source }, 'client authentication failed');
    return matches;
  };
}
