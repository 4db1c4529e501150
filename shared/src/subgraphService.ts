import type { BaseContext } from '@apollo/server';
import type { Connection } from 'mongoose';
import type { Caller } from './auth/caller.ts';
import { createTokenVerifier, type TokenVerifierOptions } from './auth/verifyToken.ts';
import { closeDatabase, connectServiceDatabase, pingDatabase } from './database.ts';
import { requestLimitsFrom } from './limits/limitsConfig.ts';
import type { ReadinessCheck } from './health.ts';
import { createLogger, type Logger } from './logger.ts';
import { observeDatabaseCalls } from './observability/databaseCalls.ts';
import { createSubgraphMetrics, type SubgraphMetrics } from './observability/subgraphMetrics.ts';
import { startTracing, type Tracing } from './observability/tracing.ts';
import { tracingSettingsFrom, type TracingEnv } from './observability/tracingConfig.ts';
import { createAccessLog, type AccessLog } from './personalData/accessLog.ts';
import { createSubgraph, type RunningSubgraph, type SubgraphOptions } from './subgraph.ts';

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

export interface SubgraphServiceOptions {
  logger?: Logger;
  /**
   * An open connection to use (tests pass one with command monitoring); its owner closes it.
   * Otherwise the service's database is opened here and closed when the service stops.
   */
  connection?: Connection;
}

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

export interface SubgraphService {
  logger: Logger;
  conn: Connection;
  /** The service's personal-data access log (in its own database), pruned hourly. */
  accessLog: AccessLog;
  /** Its Prometheus metrics (GraphQL requests, errors, database commands), on `/metrics`. */
  metrics: SubgraphMetrics;
  /**
   * Builds the subgraph (tokens verified with the issuer's JWKS, readiness pinging the
   * database, introspection outside production, the request limits of its config) and
   * listens on HOST:PORT. `stop` closes the
   * server, then the database if it was opened here.
   */
  listen<C extends BaseContext>(options: ServiceSubgraphOptions<C>): Promise<RunningSubgraph>;
}

/**
 * The start-up every subgraph service shares: its logger and its own database, open before the
 * service builds its models; then `listen` with its schema, resolvers and context.
 */
export async function openSubgraphService(
  service: string,
  config: SubgraphServiceConfig,
  options: SubgraphServiceOptions = {},
): Promise<SubgraphService> {
  const logger = options.logger ?? createLogger({ service, level: config.LOG_LEVEL });
  // Before the database opens, so its first commands are already traced.
  const tracing: Tracing = await startTracing(tracingSettingsFrom(config, service), logger);
  const ownsConnection = !options.connection;
  const conn = options.connection ?? (await connectServiceDatabase(service, config, logger));
  const metrics = createSubgraphMetrics(service);
  const unobserve = observeDatabaseCalls(conn.name, metrics.observeDatabaseCall);
  if (!unobserve) logger.warn('the MongoDB driver changed: database commands are not timed');
  const accessLog = createAccessLog(conn, service, config.PERSONAL_DATA_LOG_RETENTION_DAYS);
  const prune = () =>
    accessLog
      .prune()
      .then((dropped) => dropped.length && logger.info({ dropped }, 'personal-data access log pruned'))
      .catch((err: unknown) => logger.warn({ err }, 'pruning the personal-data access log failed'));
  let pruner: NodeJS.Timeout | undefined;
  const closeOwned = async () => {
    clearInterval(pruner);
    if (unobserve) unobserve();
    if (ownsConnection) await closeDatabase(conn);
    await tracing.shutdown();
  };

  async function listen<C extends BaseContext>(subgraphOptions: ServiceSubgraphOptions<C>) {
    const { verifier, readiness = [], ...rest } = subgraphOptions;
    try {
      const subgraph = createSubgraph<C>({
        ...rest,
        service,
        logger,
        accessLog,
        verifier: createTokenVerifier({
          issuer: config.IDENTITY_ISSUER,
          audience: config.TOKEN_AUDIENCE,
          ...verifier,
        }),
        readiness: [{ name: 'database', check: () => pingDatabase(conn) }, ...readiness],
        introspection: config.NODE_ENV !== 'production',
        limits: requestLimitsFrom(config),
        production: config.NODE_ENV === 'production',
        opsToken: config.OPS_TOKEN,
        sdlSecret: config.SDL_ACCESS_SECRET,
        metrics,
      });
      const running = await subgraph.listen(config.PORT, config.HOST);
      void prune();
      pruner = setInterval(() => void prune(), PRUNE_INTERVAL_MS);
      pruner.unref();
      return {
        ...running,
        stop: async () => {
          await running.stop();
          await closeOwned();
        },
      };
    } catch (err) {
      await closeOwned();
      throw err;
    }
  }

  return { logger, conn, accessLog, metrics, listen };
}
