import { isIP } from 'node:net';
import { env, loadConfig, subgraphConfigSchema, type DeepReadonly } from '@edugraph/shared/config';
import { z } from 'zod';
import { DEVELOPMENT_KEY, isEncryptionKey } from './encryptionKeyRing.ts';

/** An IP address or a CIDR block (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrBlock(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

/**
 * The identity service's configuration; the only module of the service that reads the environment.
 * Here IDENTITY_ISSUER (from the shared subgraph schema) is this service's own public root URL:
 * discovery and every endpoint it lists are built from it, never from request headers.
 */
export const identityConfigFields = subgraphConfigSchema.extend({
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
  /**
   * The operator console's public URL (the gateway's `/console/`, e.g. https://hub.example/console/):
   * identity registers the console's client with redirect URIs under it. Unset: no console client.
   */
  CONSOLE_URL: z
    .union([z.literal(''), z.url()])
    .optional()
    .transform((v) => v || undefined),
  /** Failed sign-ins (per username, known or not) before it is locked; each further failure doubles the lock. */
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  LOCKOUT_BASE_SECONDS: z.coerce.number().int().min(1).default(60),
  /** The longest lock: at most an hour, so nobody can lock someone else out for a day. */
  LOCKOUT_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(900),
  /** Failed sign-ins one source address may make per window before it gets 429 (per instance). */
  SIGNIN_SOURCE_MAX_FAILURES: z.coerce.number().int().min(1).default(60),
  SIGNIN_SOURCE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  /**
   * Failed client authentications (wrong client secret at /token, introspection, revocation)
   * per client id per window; then the client is refused, even with its right secret, until
   * the window ends. Per source address, over all clients, CLIENT_AUTH_SOURCE_MAX_FAILURES.
   */
  CLIENT_AUTH_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  CLIENT_AUTH_SOURCE_MAX_FAILURES: z.coerce.number().int().min(1).default(50),
  CLIENT_AUTH_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Where the client-authentication counts are shared by every identity instance; unset: per instance. */
  REDIS_URL: env.optionalUrl(),
  /**
   * Reverse proxies (IPs or CIDR blocks, comma-separated) whose X-Forwarded-For is believed;
   * empty: the TCP peer is the client. Forwarded host and protocol are never used.
   */
  TRUSTED_PROXIES: env
    .list()
    .refine((list) => list.every(isAddressOrBlock), 'each entry must be an IP address or a CIDR block'),
  /**
   * 32 random bytes, base64 (`openssl rand -base64 32`): encrypts signing keys, cookie keys and
   * client secrets at rest (AES-256-GCM). Required in production.
   */
  IDENTITY_ENCRYPTION_KEY: z
    .string()
    .refine(isEncryptionKey, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  /**
   * Keys that encrypted secrets before IDENTITY_ENCRYPTION_KEY (comma-separated, base64; the word
   * `development` for the development key): they only decrypt, until `npm run reencrypt` has
   * moved every secret under the current key. Rotation procedure: the identity README.
   */
  IDENTITY_ENCRYPTION_PREVIOUS_KEYS: env.list().superRefine((list, ctx) => {
    list.forEach((entry, i) => {
      if (entry !== DEVELOPMENT_KEY && !isEncryptionKey(entry))
        ctx.addIssue({
          code: 'custom',
          message: `entry ${i + 1} of ${list.length} must be 32 bytes, base64-encoded (or the word ${DEVELOPMENT_KEY})`,
        });
    });
  }),
  /** How often each instance looks for signing keys rotated by another instance. */
  KEYS_REFRESH_SECONDS: z.coerce.number().min(0.5).max(300).default(5),
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

/** The fields above, with the rules that span several of them (production needs both settings). */
export const identityConfigSchema = identityConfigFields.superRefine((config, ctx) => {
  if (config.NODE_ENV !== 'production') return;
  if (!config.IDENTITY_ENCRYPTION_KEY)
    ctx.addIssue({
      code: 'custom',
      path: ['IDENTITY_ENCRYPTION_KEY'],
      message:
        'is required in production: 32 random bytes, base64 (openssl rand -base64 32); it encrypts signing keys and client secrets at rest',
    });
  if (!config.DATACENTER_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['DATACENTER_URL'],
      message:
        'required in production: identity checks every organization against the data center (e.g. http://datacenter:4002/graphql)',
    });
});

export type IdentityConfig = DeepReadonly<z.infer<typeof identityConfigSchema>>;

export function readIdentityConfig(source: Record<string, string | undefined> = process.env): IdentityConfig {
  return loadConfig('identity', identityConfigSchema, source);
}
