import type { BaseContext } from '@apollo/server';
import type { Connection } from 'mongoose';
import type { Caller } from './auth/caller.ts';
import { createTokenVerifier, type TokenVerifierOptions } from './auth/verifyToken.ts';
import { closeDatabase, connectServiceDatabase, pingDatabase } from './database.ts';
import { requestLimitsFrom } from './limits/limitsConfig.ts';
import type { ReadinessCheck } from './health.ts';
import { createLogger, type Logger } from './logger.ts';
import { createAccessLog, type AccessLog } from './personalData/accessLog.ts';
import { createSubgraph, type RunningSubgraph, type Subgraph, type SubgraphOptions } from './subgraph.ts';

/** What a subgraph service starts from: its config parsed with `subgraphConfigSchema` plus PORT. */
export interface SubgraphServiceConfig {
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
  /**
   * Builds the subgraph (tokens verified with the issuer's JWKS, readiness pinging the
   * database, introspection outside production, the request limits of its config) and
   * listens on HOST:PORT. `stop` closes the
   * server, then the database if it was opened here.
   */
  listen<C extends BaseContext>(options: ServiceSubgraphOptions<C>): Promise<RunningSubgraph>;
}

/** What a subgraph server needs besides its schema: its logger, access log and database ping. */
export interface ServiceSubgraphParts {
  logger: Logger;
  accessLog: AccessLog;
  /** Readiness: throws when the service's database does not answer. */
  ping: () => Promise<void>;
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
  const ownsConnection = !options.connection;
  const conn = options.connection ?? (await connectServiceDatabase(service, config, logger));
  const accessLog = createAccessLog(conn, service, config.PERSONAL_DATA_LOG_RETENTION_DAYS);
  let stopPruning = () => {};
  const closeOwned = async () => {
    stopPruning();
    if (ownsConnection) await closeDatabase(conn);
  };

  async function listen<C extends BaseContext>(subgraphOptions: ServiceSubgraphOptions<C>) {
    try {
      const subgraph = createServiceSubgraph<C>(
        service,
        config,
        { logger, accessLog, ping: () => pingDatabase(conn) },
        subgraphOptions,
      );
      const running = await subgraph.listen(config.PORT, config.HOST);
      stopPruning = pruneAccessLog(accessLog, logger);
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

  return { logger, conn, accessLog, listen };
}
