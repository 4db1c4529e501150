import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { appError } from './errors.ts';
import { createHealthHandler, type ReadinessCheck } from './health.ts';
import { logAccess, type Logger } from './logger.ts';
import { inServerSpan } from './observability/httpSpans.ts';
import type { RequestNote } from './observability/requestNote.ts';
import type { SubgraphMetrics } from './observability/subgraphMetrics.ts';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestContext } from './requestContext.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export interface ServiceHttpOptions<C extends BaseContext> {
  service: string;
  logger: Logger;
  apollo: ApolloServer<C>;
  /**
   * Builds the per-request context (caller, loaders…). Throwing a GraphQLError refuses the
   * request. `note` is filled while serving (operation, client) for the access line and metrics.
   */
  context: (req: IncomingMessage, requestId: string, note: RequestNote) => Promise<C>;
  readiness: readonly ReadinessCheck[];
  /** Routes tried before GraphQL (e.g. the identity service's OpenID provider). */
  routes?: readonly RouteHandler[];
  graphqlPath?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Whether a request may read the detailed `/readyz` (which dependency failed, and why) and `/metrics`. */
  detailAccess?: (req: IncomingMessage) => boolean;
  /** Served on GET /metrics (to `detailAccess` callers) and fed by every GraphQL request. */
  metrics?: SubgraphMetrics;
}

class BodyTooLargeError extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A registered error as a whole response, with its status. */
function sendError(res: ServerResponse, error: GraphQLError): void {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } };
  sendJson(res, http?.status ?? 500, { errors: [{ message: error.message, extensions }] });
}

/**
 * The node:http server every subgraph runs: health and readiness, extra routes, and Apollo
 * Server on `graphqlPath`, each request inside a request context carrying its id.
 * Apollo must be started (`await apollo.start()`) before requests arrive.
 */
export function createServiceHttpServer<C extends BaseContext>(options: ServiceHttpOptions<C>): Server {
  const { apollo, logger, graphqlPath = '/graphql', maxBodyBytes = 1_000_000 } = options;
  const health = createHealthHandler({
    service: options.service,
    checks: options.readiness,
    detailAccess: options.detailAccess,
  });
  const routes = options.routes ?? [];
  const { metrics } = options;
  const detailAccess = options.detailAccess ?? (() => true);

  const serveMetrics = async (res: ServerResponse, req: IncomingMessage) => {
    if (!metrics) return sendJson(res, 404, { error: 'not found', path: '/metrics' });
    if (!detailAccess(req)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      res.end('metrics need Authorization: Bearer <OPS_TOKEN>\n');
      return;
    }
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  };

  /** One access line and the request metrics when a GraphQL response is finished. */
  const watch = (req: IncomingMessage, res: ServerResponse, requestId: string, note: RequestNote) => {
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics?.observeRequest(note.operation, res.statusCode, seconds);
      runWithRequestContext({ requestId }, () =>
        logAccess(logger, {
          method: req.method,
          status: res.statusCode,
          ms: Math.round(seconds * 1000),
          operation: note.operation,
          client: note.client,
        }),
      );
    });
  };
  const refuse = (res: ServerResponse, error: GraphQLError) => {
    metrics?.countError(error.extensions.code);
    sendError(res, error);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (await health(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Before the service's own routes (identity's OpenID provider answers every other path).
    if (url.pathname === '/metrics' && req.method === 'GET') return serveMetrics(res, req);
    for (const route of routes) if (await route(req, res)) return;
    if (url.pathname !== graphqlPath) {
      sendJson(res, 404, { error: 'not found', path: url.pathname });
      return;
    }
    const note: RequestNote = {};
    watch(req, res, requestId, note);
    let rawBody: string;
    try {
      rawBody = req.method === 'POST' ? await readBody(req, maxBodyBytes) : '';
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        refuse(
          res,
          appError(
            'REQUEST_TOO_LARGE',
            `The request body is larger than the ${maxBodyBytes} bytes allowed.`,
            {
              max: maxBodyBytes,
            },
          ),
        );
        return;
      }
      throw err;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = rawBody;
    if (rawBody && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        metrics?.countError('BAD_USER_INPUT');
        sendJson(res, 400, {
          errors: [
            { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } },
          ],
        });
        return;
      }
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req, requestId, note),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    // Answers carry personal data and are never cached (Apollo's cache-control plugin is off).
    if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-store');
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return createServer((req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    runWithRequestContext({ requestId }, () =>
      inServerSpan(req, res, () => handle(req, res, requestId)).catch((err: unknown) => {
        // The path only: a GET's query string holds the operation's variables.
        logger.error({ err, path: (req.url ?? '/').split('?')[0] }, 'request failed');
        if (!res.headersSent) {
          metrics?.countError('INTERNAL_SERVER_ERROR');
          sendJson(res, 500, {
            errors: [
              { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } },
            ],
          });
        } else res.end();
      }),
    );
  });
}
