import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type DocumentNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import { appError } from '../errors.ts';
import { requestLimitError } from './checkRequest.ts';
import type { RequestLimits } from './limitsConfig.ts';
import { secretMatches } from './opsAccess.ts';
import { fragmentsOf, shapeError } from './operationShape.ts';

/** The header composition tooling sends with SDL_ACCESS_SECRET to read `_service { sdl }` in production. */
export const SDL_SECRET_HEADER = 'x-edugraph-sdl-secret';

export interface SubgraphLimitOptions {
  limits: RequestLimits;
  production: boolean;
  /** SDL_ACCESS_SECRET; without it `_service` is refused in production. */
  sdlSecret?: string | undefined;
}

/** Whether the operation asks for the subgraph's SDL (`_service` at its root, fragments included). */
function selectsService(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = fragmentsOf(document);
  const seen = new Set<string>();
  const pending = [operation.selectionSet];
  while (pending.length) {
    for (const s of pending.pop()!.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value === '_service') return true;
      } else if (s.kind === Kind.INLINE_FRAGMENT) pending.push(s.selectionSet);
      else if (!seen.has(s.name.value) && fragments[s.name.value]) {
        seen.add(s.name.value);
        pending.push(fragments[s.name.value]!.selectionSet);
      }
    }
  }
  return false;
}

/**
 * Apollo Server plugin applying the hub's request limits in a subgraph, with the same code and
 * error codes as the gateway: depth and aliases (once per parsed document), string lengths and
 * the estimated cost on the variables sent (defaults included); `_service` only for composition
 * tooling in production; a response whose errors say a dependency is down is sent as HTTP 503.
 * Tokens are bounded by Apollo's parser (`parseOptions.maxTokens`), body size by the HTTP server.
 */
export function subgraphLimitsPlugin(options: SubgraphLimitOptions): ApolloServerPlugin<BaseContext> {
  const { limits, production, sdlSecret } = options;
  const shapes = new WeakMap<DocumentNode, GraphQLError | null>();
  const refuseSdl = () =>
    appError(
      'FORBIDDEN',
      '_service (the subgraph SDL) is only for composition tooling: send the x-edugraph-sdl-secret header.',
    );
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          let shape = shapes.get(document);
          if (shape === undefined) shapes.set(document, (shape = shapeError(document, limits) ?? null));
          if (shape) throw shape;
          if (production && operation && selectsService(operation, document)) {
            const presented = request.http?.headers.get(SDL_SECRET_HEADER);
            if (!sdlSecret || !secretMatches(presented, sdlSecret)) throw refuseSdl();
          }
          const refusal = requestLimitError(
            schema,
            document,
            request.operationName,
            request.variables,
            limits,
          );
          if (refusal) throw refusal;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) response.http.status = 503;
        },
      };
    },
  };
}
