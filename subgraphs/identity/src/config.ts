import { env, loadConfig, subgraphConfigSchema, type DeepReadonly } from '@edugraph/shared/config';
import { z } from 'zod';

/**
 * The identity service's configuration; the only module of the service that reads the environment.
 * Here IDENTITY_ISSUER (from the shared subgraph schema) is this service's own public root URL.
 */
export const identityConfigSchema = subgraphConfigSchema.extend({
  PORT: env.port(4001),
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
  /**
   * The datacenter subgraph's GraphQL URL: where identity asks which county a school sits in
   * (the data center is the authority on the organization tree). Required in production; unset
   * elsewhere (or empty), school organizations are refused.
   */
  DATACENTER_URL: z
    .union([z.literal(''), z.url()])
    .optional()
    .transform((v) => v || undefined),
});

function requireDatacenterInProduction(
  config: { NODE_ENV: string; DATACENTER_URL?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (config.NODE_ENV === 'production' && !config.DATACENTER_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['DATACENTER_URL'],
      message:
        'required in production: identity checks every organization against the data center (e.g. http://datacenter:4002/graphql)',
    });
}

export type IdentityConfig = DeepReadonly<z.infer<typeof identityConfigSchema>>;

export function readIdentityConfig(source: Record<string, string | undefined> = process.env): IdentityConfig {
  return loadConfig('identity', identityConfigSchema.superRefine(requireDatacenterInProduction), source);
}
