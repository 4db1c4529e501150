import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createTokenVerifier, type Caller, type TokenVerifier } from '@edugraph/shared/auth';
import type { DeepReadonly } from '@edugraph/shared/config';
import { appError } from '@edugraph/shared/errors';
import { createHealthHandler, type ReadinessCheck } from '@edugraph/shared/health';
import { closeServer } from '@edugraph/shared/lifecycle';
import type { Logger } from '@edugraph/shared/logger';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestContext } from '@edugraph/shared/request-context';
import { GraphQLError } from 'graphql';
import { withCallerCache } from './callerCache.ts';
import { createConsoleHandler } from './console.ts';
import type { GatewayConfig } from './config.ts';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.ts';
import { hasOpsAccess } from '@edugraph/shared/limits';
import { createRateLimiter, type RateLimiter } from './rateLimit.ts';
import { createHubRuntime, type HubRuntime } from './runtime.ts';
import { loadSupergraph, type Supergraph } from './supergraph.ts';
import { checkSubgraph, csrfRefusal } from './requestChecks.ts';

/**
 * The gateway's HTTP server (built, not listening): request ids, health/readiness/metrics,
 * then for /graphql the checks that need no schema — body size, CSRF, the bearer token (401
 * for a bad one), the per-user and per-client rate limits — before the Hive runtime executes
 * the operation. `/metrics` and the detailed `/readyz` need OPS_TOKEN (open outside production
 * when it is unset).
 */
export interface GatewayServer {
  server: Server;
  metrics: GatewayMetrics;
  /** Loads the supergraph (a missing or bad file leaves readiness red) and starts polling it. */
  start(): Promise<void>;
  /** Stops accepting requests, lets in-flight ones finish, disposes the runtime. */
  stop(): Promise<void>;
  /** The loaded supergraph, if any. */
  supergraph(): Supergraph | undefined;
}

export interface GatewayDeps {
  logger: Logger;
  verifier?: TokenVerifier;
}

function sendErrors(
  res: ServerResponse,
  status: number,
  errors: GraphQLError[],
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(
    JSON.stringify({
      errors: errors.map(({ message, extensions }) => ({ message, extensions: stripHttp(extensions) })),
    }),
  );
}

function stripHttp(extensions: Record<string, unknown>) {
  const { http: _http, ...rest } = extensions;
  return rest;
}

const statusOf = (error: GraphQLError) =>
  ((error.extensions?.http as { status?: number } | undefined)?.status ?? 500) as number;

export function createGatewayServer(config: DeepReadonly<GatewayConfig>, deps: GatewayDeps): GatewayServer {
  const { logger } = deps;
  const metrics = createGatewayMetrics();
  const verifier = withCallerCache(
    deps.verifier ?? createTokenVerifier({ issuer: config.issuer, audience: config.audience }),
  );
  // Made in start(): with REDIS_URL it loads the Redis client and connects.
  let limiter: RateLimiter | undefined;
  const createLimiter = () =>
    createRateLimiter(
      {
        perUser: config.limits.rateLimit,
        perClient: config.limits.rateLimitPerClient,
        windowMs: config.limits.rateLimitWindowMs,
        redisUrl: config.redisUrl,
      },
      logger,
    );
  const serveConsole = createConsoleHandler({ issuer: config.issuer });
  const opsAccess = (req: IncomingMessage) =>
    hasOpsAccess(req.headers, { opsToken: config.opsToken, production: config.production });
  let runtime: HubRuntime | undefined;
  let current: Supergraph | undefined;
  let loadError = 'not loaded yet';
  let pollTimer: NodeJS.Timeout | undefined;

  const checks: ReadinessCheck[] = [
    {
      name: 'supergraph',
      check: () => {
        if (!runtime) throw new Error(`supergraph ${config.supergraphPath}: ${loadError}`);
      },
    },
  ];
  const health = createHealthHandler({
    service: 'gateway',
    checks,
    timeoutMs: 2000,
    detailAccess: opsAccess,
  });

  let lastStamp = '';
  const load = async () => {
    let next: Supergraph;
    try {
      // Polling costs a stat, not a parse: the file is read again only when it changed.
      const info = await stat(config.supergraphPath);
      const stamp = `${info.mtimeMs}:${info.size}`;
      if (stamp === lastStamp && runtime) return;
      lastStamp = stamp;
      next = await loadSupergraph(config.supergraphPath, config.subgraphUrls);
    } catch (err) {
      loadError = err instanceof Error ? err.message : String(err);
      if (!runtime) logger.warn({ path: config.supergraphPath, err: loadError }, 'supergraph not loaded');
      return;
    }
    if (current && next.sdl === current.sdl) return;
    try {
      const previous = runtime;
      runtime = createHubRuntime(config, next.sdl, { logger, metrics });
      await runtime.getSchema();
      current = next;
      checks.splice(
        1,
        checks.length - 1,
        ...next.subgraphs.map((s) => ({ name: `subgraph ${s.name}`, check: () => checkSubgraph(s.url) })),
      );
      logger.info({ path: config.supergraphPath, subgraphs: next.subgraphs }, 'supergraph loaded');
      if (previous) setTimeout(() => void previous.dispose(), 30_000).unref();
    } catch (err) {
      loadError = err instanceof Error ? err.message : String(err);
      logger.error({ err, path: config.supergraphPath }, 'supergraph rejected');
    }
  };

  const handleGraphql = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const started = process.hrtime.bigint();
    let caller: Caller | null = null;
    const accessLog: { operation?: string } = {};
    res.once('finish', () => {
      const status = String(res.statusCode);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ status });
      metrics.duration.observe({ status }, seconds);
      metrics.observeOperation(accessLog.operation, res.statusCode, seconds);
      // Names the operation and the client, never the variables (they may hold personal data).
      if (logger.isLevelEnabled('info'))
        runWithRequestContext({ requestId }, () =>
          logger.info(
            {
              method: req.method,
              status: res.statusCode,
              ms: Math.round(seconds * 1000),
              operation: accessLog.operation,
              client: caller?.clientId,
            },
            'graphql request',
          ),
        );
    });
    const refuse = (error: GraphQLError, headers: Record<string, string> = {}) => {
      metrics.errors.inc({ code: String(error.extensions.code) });
      sendErrors(res, statusOf(error), [error], headers);
    };
    if (req.method === 'POST') {
      const length = req.headers['content-length'];
      if (length === undefined)
        return refuse(appError('LENGTH_REQUIRED', 'Send the request body with a Content-Length header.'));
      if (Number(length) > config.limits.maxBodyBytes)
        return refuse(
          appError(
            'REQUEST_TOO_LARGE',
            `The request body is ${length} bytes; at most ${config.limits.maxBodyBytes} are allowed.`,
            {
              max: config.limits.maxBodyBytes,
            },
          ),
        );
    }
    const csrf = csrfRefusal(req);
    if (csrf) return refuse(csrf);
    if (req.method !== 'OPTIONS') {
      try {
        caller = await verifier.callerFromHeader(req.headers.authorization);
      } catch (err) {
        if (err instanceof GraphQLError)
          return refuse(err, statusOf(err) === 401 ? { 'www-authenticate': 'Bearer' } : {});
        throw err;
      }
      if (!limiter) return refuse(appError('SERVICE_UNAVAILABLE', 'The gateway is starting; retry shortly.'));
      const limited = await limiter.take(caller, req.socket.remoteAddress);
      if (limited)
        return refuse(limited, {
          'retry-after': String((limited.extensions as { retryAfterSeconds: number }).retryAfterSeconds),
        });
    }
    if (!runtime)
      return refuse(
        appError('SERVICE_UNAVAILABLE', 'The gateway has no supergraph loaded yet; retry shortly.'),
      );
    await runtime(req, res, { caller, requestId, accessLog });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (await health(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && req.method === 'GET') {
      if (!opsAccess(req)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
        res.end('metrics need Authorization: Bearer <OPS_TOKEN>\n');
        return;
      }
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (path === '/graphql') return handleGraphql(req, res, requestId);
    if (await serveConsole(req, res, path)) return;
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: 'not found', path, graphql: '/graphql' }));
  };

  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    runWithRequestContext({ requestId }, () =>
      handle(req, res, requestId).catch((err: unknown) => {
        // The path only: a GET's query string holds the operation's variables.
        logger.error({ err, path: (req.url ?? '/').split('?')[0] }, 'request failed');
        if (!res.headersSent)
          sendErrors(res, 500, [appError('INTERNAL_SERVER_ERROR', 'Unexpected error.', { requestId })]);
        else res.end();
      }),
    );
  });

  return {
    server,
    metrics,
    supergraph: () => current,
    async start() {
      const starting = createLimiter().then(async (made) => {
        await made.ready();
        limiter = made;
      });
      await Promise.all([load(), starting]);
      if (config.supergraphPollMs > 0) {
        pollTimer = setInterval(() => void load(), config.supergraphPollMs);
        pollTimer.unref();
      }
    },
    async stop() {
      clearInterval(pollTimer);
      await closeServer(server);
      await runtime?.dispose();
      await limiter?.close();
    },
  };
}
