import { z } from 'zod';
import { requestLimitFields } from './limits/limitsConfig.ts';
import { tracingConfigFields } from './observability/tracingConfig.ts';

/**
 * Typed, validated, frozen configuration. Each service declares a zod object of the
 * environment variables it reads and calls `loadConfig` once at start-up: this module
 * and the services' `config.ts` are the only places that read `process.env`.
 */
export class ConfigError extends Error {
  readonly issues: readonly string[];
  constructor(service: string, issues: readonly string[]) {
    super(`${service}: invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value as DeepReadonly<T>;
}

/** Variables whose values are secret (keys, secrets, passwords, tokens): not echoed in errors. */
const SECRET_NAME = /(_KEYS?|_SECRETS?|_PASSWORD|_TOKEN)$/;

/** Parses `env` with `schema`; throws a ConfigError naming every bad variable. */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): DeepReadonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const variable = String(issue.path[0] ?? '');
      const got = issue.path.length ? env[variable] : undefined;
      if (got === undefined) return `${name}: ${issue.message} (not set)`;
      // A key or secret is never echoed into logs, even a wrong one (it may hold right ones).
      const shown = SECRET_NAME.test(variable) ? `${got.length} characters, not shown` : JSON.stringify(got);
      return `${name}: ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(service, issues);
  }
  return deepFreeze(result.data);
}

/** Building blocks for service config schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  host: () => z.string().min(1).default('127.0.0.1'),
  url: () => z.url(),
  optionalUrl: () => z.url().optional(),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'test', 'production']).default('development'),
  mongoUri: () =>
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
      .default('mongodb://127.0.0.1:27017/'),
  list: () =>
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
};

/** The variables every service shares. */
export const baseConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  MONGODB_URI: env.mongoUri(),
  HOST: env.host(),
});

/**
 * The variables every subgraph service shares on top of the base: where its database lives and
 * which tokens it accepts. Each service extends this with its PORT and its own settings.
 */
export const subgraphConfigSchema = baseConfigSchema.extend({
  /** Databases are named `${prefix}_${service}`, so several hubs can share one server. */
  EDUGRAPH_DB_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/, 'only letters, digits and _')
    .default('edugraph'),
  /** The OpenID issuer (identity's public root URL); its JWKS at `${issuer}/jwks` verifies tokens. */
  IDENTITY_ISSUER: z.url().default('http://127.0.0.1:4001'),
  /** The `aud` of every access token: the graph. */
  TOKEN_AUDIENCE: z.string().min(1).default('urn:edugraph:graph'),
  /**
   * Days the personal-data access log (PIPL) keeps its entries; older days are dropped. 180 by
   * default: the Cybersecurity Law asks network logs to be kept at least six months.
   */
  PERSONAL_DATA_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Request limits (depth, aliases, tokens, cost, body, strings) and the operational secrets, as at the gateway. */
  ...requestLimitFields,
  /** OpenTelemetry tracing (standard OTEL_* variables), off unless an exporter or endpoint is set. */
  ...tracingConfigFields,
});

/**
 * Size and random seed of the generated demo province; every service's seed reads the same
 * pair (the launcher passes it to all), so their records describe the same schools and people.
 */
export const seedConfigFields = {
  SEED_STUDENTS: z.coerce.number().int().min(1).max(5_000_000).default(3000),
  SEED: z.string().min(1).default('20260101'),
};
