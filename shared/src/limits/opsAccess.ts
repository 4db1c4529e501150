import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may read the operational endpoints (`/metrics`, the detailed `/readyz`): a caller with
 * `Authorization: Bearer <OPS_TOKEN>`. Without OPS_TOKEN they are open outside production and
 * closed in production; the public `/readyz` answers only ready or not ready.
 */
export interface OpsAccessOptions {
  opsToken: string | undefined;
  production: boolean;
}

/** Constant-time comparison of a presented secret with the configured one. */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hasOpsAccess(headers: IncomingHttpHeaders, options: OpsAccessOptions): boolean {
  if (!options.opsToken) return !options.production;
  const auth = headers.authorization;
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  return secretMatches(token, options.opsToken);
}
