import { baseConfigSchema, env, loadConfig, type DeepReadonly } from '@edugraph/shared';
import { z } from 'zod';

/** The identity service's configuration; the only module of the service that reads the environment. */
export const identityConfigSchema = baseConfigSchema.extend({
  PORT: env.port(4001),
  EDUGRAPH_DB_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/)
    .default('edugraph'),
  /** The OpenID issuer: the service's public root URL. */
  IDENTITY_ISSUER: z.url().default('http://127.0.0.1:4001'),
  /** The `aud` of every access token: the graph. */
  TOKEN_AUDIENCE: z.string().min(1).default('urn:edugraph:graph'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(14 * 86_400),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(8 * 3600),
  /**
   * A national service client created at start (first set-up, tests): with it an operator
   * registers the real clients through the graph. Leave unset in production once clients exist.
   */
  IDENTITY_BOOTSTRAP_CLIENT_ID: z.string().min(3).optional(),
  IDENTITY_BOOTSTRAP_CLIENT_SECRET: z.string().min(16).optional(),
  /** Failed sign-ins before an account is locked; each further failure doubles the lock. */
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  LOCKOUT_BASE_SECONDS: z.coerce.number().int().min(1).default(60),
});

export type IdentityConfig = DeepReadonly<z.infer<typeof identityConfigSchema>>;

export function readIdentityConfig(source: Record<string, string | undefined> = process.env): IdentityConfig {
  return loadConfig('identity', identityConfigSchema, source);
}
