import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, env, loadConfig, type DeepReadonly } from '@edugraph/shared/config';
import { requestLimitFields, requestLimitsFrom, type RequestLimits } from '@edugraph/shared/limits';
import {
  tracingConfigFields,
  tracingSettingsFrom,
  type TracingSettings,
} from '@edugraph/shared/observability';
import { z } from 'zod';

/**
 * The gateway's configuration: environment variables, overridden by command-line flags
 * (`--supergraph path --port n --host h --subgraph name=url`). The only module of the
 * gateway that reads `process.env` and `process.argv`. Every protection has a default here,
 * listed in gateway/README.md.
 */
export const gatewayDir = join(import.meta.dirname, '..');
export const defaultSupergraphPath = join(gatewayDir, 'supergraph.graphql');

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const gatewayConfigSchema = z.object({
  NODE_ENV: env.nodeEnv(),
  LOG_LEVEL: env.logLevel(),
  HOST: env.host(),
  PORT: env.port(4000),
  /** The supergraph SDL the gateway serves; polled, so a new file is picked up without a restart. */
  SUPERGRAPH_PATH: z.string().min(1).default(defaultSupergraphPath),
  SUPERGRAPH_POLL_MS: z.coerce.number().int().min(0).default(5000),
  IDENTITY_ISSUER: z.url().default('http://127.0.0.1:4001'),
  TOKEN_AUDIENCE: z.string().min(1).default('urn:edugraph:graph'),
  /** Subgraph URL overrides; the supergraph's own URLs are used for subgraphs not named here. */
  IDENTITY_URL: env.optionalUrl(),
  DATACENTER_URL: env.optionalUrl(),
  RESOURCES_URL: env.optionalUrl(),
  SPACES_URL: env.optionalUrl(),
  /** Extra overrides for any subgraph: `name=url,name=url`. */
  SUBGRAPH_URLS: env.list(),
  /** Protections (documented defaults), the same in every subgraph: depth, tokens, aliases, cost, body, strings. */
  ...requestLimitFields,
  /** Requests per user of a client (client-credentials tokens: per client; anonymous: per address) per window. */
  RATE_LIMIT: positiveInt(600),
  /** Requests per client over all its users per window; unset: 10 × RATE_LIMIT (6000). */
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).optional(),
  RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
  /** Redis holding the rate-limit counts, shared by every gateway instance (unset: counted per instance). */
  REDIS_URL: env.optionalUrl(),
  /** A JSON file `{ "<hash>": "<document>" }` of trusted documents (persisted operations). */
  TRUSTED_DOCUMENTS_PATH: z.string().optional(),
  /** When true only trusted documents run; defaults to true in production when a manifest is set. */
  REQUIRE_TRUSTED_DOCUMENTS: z.enum(['true', 'false']).optional(),
  /** Browser origins allowed by CORS (empty: same-origin only). */
  CORS_ORIGINS: env.list(),
  /** A subgraph answering slower than this gives a partial result naming it. */
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
  /** OpenTelemetry tracing (standard OTEL_* variables), off unless an exporter or endpoint is set. */
  ...tracingConfigFields,
});

export type GatewayEnv = z.infer<typeof gatewayConfigSchema>;

export interface GatewayConfig {
  nodeEnv: GatewayEnv['NODE_ENV'];
  production: boolean;
  logLevel: GatewayEnv['LOG_LEVEL'];
  host: string;
  port: number;
  supergraphPath: string;
  supergraphPollMs: number;
  issuer: string;
  audience: string;
  /** Subgraph name → URL overrides. */
  subgraphUrls: Record<string, string>;
  limits: RequestLimits & {
    rateLimit: number;
    rateLimitPerClient: number;
    rateLimitWindowMs: number;
    subgraphTimeoutMs: number;
  };
  /** REDIS_URL: where the rate-limit counts are shared across instances. */
  redisUrl: string | undefined;
  /** OPS_TOKEN: bearer token for `/metrics` and the detailed `/readyz`. */
  opsToken: string | undefined;
  trustedDocumentsPath: string | undefined;
  requireTrustedDocuments: boolean;
  corsOrigins: string[];
  /** OpenTelemetry tracing (OTEL_*); `enabled: false` by default. */
  tracing: TracingSettings;
}

function parseOverrides(list: readonly string[], source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const at = item.indexOf('=');
    const name = item.slice(0, at).trim();
    const url = item.slice(at + 1).trim();
    if (at <= 0 || !URL.canParse(url))
      throw new ConfigError('gateway', [
        `${source}: "${item}" must be name=url (e.g. datacenter=http://h:4002/graphql)`,
      ]);
    out[name] = url;
  }
  return out;
}

/** Identity's variable is its service root; the graph is served at /graphql. */
const graphqlUrl = (url: string) =>
  new URL(url).pathname === '/' ? `${url.replace(/\/$/, '')}/graphql` : url;

export function gatewayConfigFrom(
  e: DeepReadonly<GatewayEnv>,
  args: readonly string[] = [],
): DeepReadonly<GatewayConfig> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      supergraph: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      subgraph: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const port = values.port === undefined ? e.PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('gateway', [`--port: must be a port number (got ${JSON.stringify(values.port)})`]);
  const subgraphUrls: Record<string, string> = {};
  const named = {
    identity: e.IDENTITY_URL,
    datacenter: e.DATACENTER_URL,
    resources: e.RESOURCES_URL,
    spaces: e.SPACES_URL,
  };
  for (const [name, url] of Object.entries(named)) if (url) subgraphUrls[name] = graphqlUrl(url);
  Object.assign(subgraphUrls, parseOverrides(e.SUBGRAPH_URLS, 'SUBGRAPH_URLS'));
  Object.assign(subgraphUrls, parseOverrides(values.subgraph ?? [], '--subgraph'));
  const production = e.NODE_ENV === 'production';
  const requireTrusted =
    e.REQUIRE_TRUSTED_DOCUMENTS === undefined
      ? production && e.TRUSTED_DOCUMENTS_PATH !== undefined
      : e.REQUIRE_TRUSTED_DOCUMENTS === 'true';
  if (requireTrusted && !e.TRUSTED_DOCUMENTS_PATH)
    throw new ConfigError('gateway', [
      'REQUIRE_TRUSTED_DOCUMENTS: needs TRUSTED_DOCUMENTS_PATH (the manifest)',
    ]);
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    production,
    logLevel: e.LOG_LEVEL,
    host: values.host ?? e.HOST,
    port,
    supergraphPath: values.supergraph ?? e.SUPERGRAPH_PATH,
    supergraphPollMs: e.SUPERGRAPH_POLL_MS,
    issuer: e.IDENTITY_ISSUER,
    audience: e.TOKEN_AUDIENCE,
    subgraphUrls: Object.freeze(subgraphUrls),
    limits: Object.freeze({
      ...requestLimitsFrom(e),
      rateLimit: e.RATE_LIMIT,
      rateLimitPerClient: e.RATE_LIMIT_PER_CLIENT ?? 10 * e.RATE_LIMIT,
      rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
      subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    }),
    redisUrl: e.REDIS_URL,
    opsToken: e.OPS_TOKEN,
    trustedDocumentsPath: e.TRUSTED_DOCUMENTS_PATH,
    requireTrustedDocuments: requireTrusted,
    corsOrigins: [...e.CORS_ORIGINS],
    tracing: tracingSettingsFrom(e, 'gateway'),
  }) as DeepReadonly<GatewayConfig>;
}

/** Reads the environment and the command line once at start-up. */
export function readGatewayConfig(
  source: Record<string, string | undefined> = process.env,
  args: readonly string[] = process.argv.slice(2),
): DeepReadonly<GatewayConfig> {
  return gatewayConfigFrom(loadConfig('gateway', gatewayConfigSchema, source), args);
}
