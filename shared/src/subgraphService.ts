import type { BaseContext } from '@apollo/server';
import type { Connection } from 'mongoose';
import type { Caller } from './auth/caller.ts';
import { createTokenVerifier, type TokenVerifierOptions } from './auth/verifyToken.ts';
import { requestLimitsFrom } from './limits/limitsConfig.ts';
import type { ReadinessCheck } from './health.ts';
import type { Logger } from './logger.ts';
import { observeDatabaseCalls } from './observability/databaseCalls.ts';
import { createSubgraphMetrics, type SubgraphMetrics } from './observability/subgraphMetrics.ts';
import { startTracing, type Tracing } from './observability/tracing.ts';
import { tracingSettingsFrom, type TracingEnv } from './observability/tracingConfig.ts';
import type { AccessLog } from './personalData/accessLog.ts';
import { createSubgraph, type Subgraph, type SubgraphOptions } from './subgraph.ts';

/** What a subgraph service starts from: its config parsed with `subgraphConfigSchema` plus PORT. */
export interface SubgraphServiceConfig extends Readonly<Partial<TracingEnv>> {
  readonly NODE_ENV: string;
  readonly LOG_LEVEL: string;
  readonly MONGODB_URI: string;
  readonly HOST: string;
  readonly PORT: number;
  readonly EDUGRAPH_DB_PREFIX: string;
  readonly IDENTITY_ISSUER: string;
  readonly TOKEN_AUDIENCE: string;
  readonly PERSONAL_DATA_LOG_RETENTION_DAYS: number;
  /** Request limits and operational secrets (`requestLimitFields`, part of `subgraphConfigSchema`). */
  readonly MAX_DEPTH: number;
  readonly MAX_TOKENS: number;
  readonly MAX_ALIASES: number;
  readonly MAX_COST: number;
  readonly COST_LIST_SIZE: number;
  readonly COST_PLAIN_LIST_SIZE: number;
  readonly MAX_BODY_BYTES: number;
  readonly MAX_STRING_LENGTH: number;
  readonly OPS_TOKEN?: string | undefined;
  readonly SDL_ACCESS_SECRET?: string | undefined;
}

/** How often the access log drops the days past its retention. */
const PRUNE_INTERVAL_MS = 60 * 60_000;

/** `createSubgraph` options less what the service settles from its config. */
export type ServiceSubgraphOptions<C extends BaseContext> = Omit<
  SubgraphOptions<C & { caller: Caller | null }>,
  | 'service'
  | 'logger'
  | 'verifier'
  | 'readiness'
  | 'introspection'
  | 'limits'
  | 'production'
  | 'opsToken'
  | 'sdlSecret'
  | 'accessLog'
  | 'metrics'
> & {
  /** Changes to the token verifier built from IDENTITY_ISSUER and TOKEN_AUDIENCE. */
  verifier?: Partial<TokenVerifierOptions>;
  /** Readiness checks besides the database's. */
  readiness?: readonly ReadinessCheck[];
};

/** What a subgraph server needs besides its schema: its logger, access log and database ping. */
export interface ServiceSubgraphParts {
  logger: Logger;
  accessLog: AccessLog;
  /** Readiness: throws when the service's database does not answer. */
  ping: () => Promise<void>;
  /** The service's Prometheus metrics (`/metrics`); without them the subgraph serves none. */
  metrics?: SubgraphMetrics;
}

/**
 * Builds a subgraph service's server without listening (tests compose it in process): tokens
 * verified with the issuer's JWKS, readiness pinging the database, introspection outside
 * production, the request limits of its config.
 */
export function createServiceSubgraph<C extends BaseContext>(
  service: string,
  config: SubgraphServiceConfig,
  parts: ServiceSubgraphParts,
  options: ServiceSubgraphOptions<C>,
): Subgraph {
  const { verifier, readiness = [], ...rest } = options;
  return createSubgraph<C>({
    ...rest,
    service,
    logger: parts.logger,
    accessLog: parts.accessLog,
    verifier: createTokenVerifier({
      issuer: config.IDENTITY_ISSUER,
      audience: config.TOKEN_AUDIENCE,
      ...verifier,
    }),
    readiness: [{ name: 'database', check: parts.ping }, ...readiness],
    introspection: config.NODE_ENV !== 'production',
    limits: requestLimitsFrom(config),
    production: config.NODE_ENV === 'production',
    opsToken: config.OPS_TOKEN,
    sdlSecret: config.SDL_ACCESS_SECRET,
    metrics: parts.metrics,
  });
}

/** Drops the access log's days past its retention now and hourly; returns the stop. */
export function pruneAccessLog(accessLog: AccessLog, logger: Logger): () => void {
  const prune = () =>
    accessLog
      .prune()
      .then((dropped) => dropped.length && logger.info({ dropped }, 'personal-data access log pruned'))
      .catch((err: unknown) => logger.warn({ err }, 'pruning the personal-data access log failed'));
  void prune();
  const pruner = setInterval(() => void prune(), PRUNE_INTERVAL_MS);
  pruner.unref();
  return () => clearInterval(pruner);
}

/** A service's tracing (when the OTEL_* settings ask for it) and its Prometheus metrics. */
export interface ServiceObservability {
  metrics: SubgraphMetrics;
  /** Times (and traces) every command sent on this connection. */
  watchDatabase(conn: Connection): void;
  /** Stops timing the watched connection's commands. */
  unwatch(): void;
  /** Unwatches and flushes the spans still buffered. */
  stop(): Promise<void>;
}

/**
 * Starts a service's tracing and metrics. Call it before the database opens, so the first
 * commands are already traced; then `watchDatabase` with the connection.
 */
export async function startServiceObservability(
  service: string,
  config: Readonly<Partial<TracingEnv>>,
  logger: Logger,
): Promise<ServiceObservability> {
  const tracing: Tracing = await startTracing(tracingSettingsFrom(config, service), logger);
  const metrics = createSubgraphMetrics(service);
  let unobserve: (() => void) | undefined;
  const unwatch = () => {
    unobserve?.();
    unobserve = undefined;
  };
  return {
    metrics,
    watchDatabase(conn) {
      const off = observeDatabaseCalls(conn.name, metrics.observeDatabaseCall);
      if (off) unobserve = off;
      else logger.warn('the MongoDB driver changed: database commands are not timed');
    },
    unwatch,
    stop: async () => {
      unwatch();
      await tracing.shutdown();
    },
  };
}
