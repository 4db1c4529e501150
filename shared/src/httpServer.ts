import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { appError } from './errors.ts';
import { createHealthHandler, type ReadinessCheck } from './health.ts';
import type { Logger } from './logger.ts';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestContext } from './requestContext.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export interface ServiceHttpOptions<C extends BaseContext> {
  service: string;
  logger: Logger;
  apollo: ApolloServer<C>;
  /** Builds the per-request context (caller, loaders…). Throwing a GraphQLError refuses the request. */
  context: (req: IncomingMessage, requestId: string) => Promise<C>;
  readiness: readonly ReadinessCheck[];
  /** Routes tried before GraphQL (e.g. the identity service's OpenID provider). */
  routes?: readonly RouteHandler[];
  graphqlPath?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Whether a request may read the detailed `/readyz` (which dependency failed, and why). */
  detailAccess?: (req: IncomingMessage) => boolean;
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

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (await health(req, res)) return;
    for (const route of routes) if (await route(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== graphqlPath) {
      sendJson(res, 404, { error: 'not found', path: url.pathname });
      return;
    }
    let rawBody: string;
    try {
      rawBody = req.method === 'POST' ? await readBody(req, maxBodyBytes) : '';
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        sendError(
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
      context: () => options.context(req, requestId),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
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
      handle(req, res, requestId).catch((err: unknown) => {
        // The path only: a GET's query string holds the operation's variables.
        logger.error({ err, path: (req.url ?? '/').split('?')[0] }, 'request failed');
        if (!res.headersSent)
          sendJson(res, 500, {
            errors: [
              { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } },
            ],
          });
        else res.end();
      }),
    );
  });
}
