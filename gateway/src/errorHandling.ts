import { appError, errors } from '@edugraph/shared/errors';
import { errorWithoutSuggestions } from '@edugraph/shared/limits';
import type { Logger } from '@edugraph/shared/logger';
import { currentRequestId } from '@edugraph/shared/request-context';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, type ExecutionResult } from 'graphql';

/**
 * What clients see when something fails:
 * - a subgraph that cannot be reached or times out: its fields are null, the rest of the data
 *   is returned, and one error names the subgraph (SUBGRAPH_UNAVAILABLE, `extensions.subgraph`);
 * - a subgraph's own errors keep their code, with `extensions.subgraph` added;
 * - anything unexpected is masked ("Unexpected error.", INTERNAL_SERVER_ERROR, requestId) and logged.
 */
const NETWORK_FAILURE =
  /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|timed? ?out|aborted|other side closed|Unexpected end of JSON|status 5\d\d|502|503|504/i;

function describe(error: GraphQLError): string {
  const cause = error.originalError;
  const causeMessage =
    cause && cause !== error ? `${cause.message} ${String((cause as { cause?: unknown }).cause ?? '')}` : '';
  return `${error.message} ${causeMessage}`;
}

/** Codes the HTTP executor gives when the subgraph did not answer (refused, reset, timed out, not HTTP 2xx). */
const TRANSPORT_CODES = new Set(['SUBREQUEST_HTTP_ERROR', 'TIMEOUT_ERROR', 'GATEWAY_TIMEOUT']);

export function isUnreachable(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  if (typeof code === 'string' && TRANSPORT_CODES.has(code)) return true;
  if (typeof code === 'string' && code !== 'DOWNSTREAM_SERVICE_ERROR') return false;
  return NETWORK_FAILURE.test(describe(error));
}

function nameSubgraph(error: GraphQLError, subgraph: string, logger: Logger): GraphQLError {
  if (isUnreachable(error)) {
    logger.warn({ subgraph, err: describe(error).trim() }, 'subgraph unavailable');
    return appError(
      'SUBGRAPH_UNAVAILABLE',
      `The ${subgraph} subgraph is unavailable; its fields are missing from this answer.`,
      {
        subgraph,
      },
    );
  }
  const extensions: Record<string, unknown> = { ...error.extensions, subgraph };
  delete extensions.serviceName;
  delete extensions.request; // the subgraph's URL and the request body: internal
  if (typeof extensions.code !== 'string') extensions.code = 'INTERNAL_SERVER_ERROR';
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}

function withNamedErrors(result: ExecutionResult, subgraph: string, logger: Logger): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => nameSubgraph(e, subgraph, logger)) };
}

/** Rewrites every subgraph error as it arrives, before the gateway merges it into the answer. */
export function useSubgraphErrorNaming(logger: Logger): GatewayPlugin {
  return {
    onSubgraphExecute({ subgraphName }) {
      return ({ result, setResult }) => {
        if (Symbol.asyncIterator in result) {
          return {
            onNext({ result: next, setResult: setNext }) {
              setNext(withNamedErrors(next, subgraphName, logger));
            },
          };
        }
        if (result.errors?.length) setResult(withNamedErrors(result, subgraphName, logger));
        return undefined;
      };
    },
  };
}

/** By name, not instanceof: graphql's CommonJS and ESM builds can both be loaded (two realms). */
const isGraphQLError = (e: unknown): e is GraphQLError => e instanceof Error && e.name === 'GraphQLError';

/**
 * Yoga's `maskError`: errors created on purpose (GraphQLError) pass; the rest are masked and
 * logged. In production no message suggests names ("Did you mean …?", e.g. enum values in a
 * variable's coercion error).
 */
export function createMaskError(logger: Logger, options: { production?: boolean } = {}) {
  const mask = maskErrorWith(logger);
  if (!options.production) return mask;
  return (error: unknown): Error => {
    const masked = mask(error);
    return isGraphQLError(masked) ? errorWithoutSuggestions(masked) : masked;
  };
}

function maskErrorWith(logger: Logger) {
  return (error: unknown): Error => {
    // Errors the runtime raises around a subgraph fetch (its upstream timeout) come here without
    // passing the subgraph's result hook: name the subgraph the same way.
    const serviceName = isGraphQLError(error) ? error.extensions?.serviceName : undefined;
    if (isGraphQLError(error) && typeof serviceName === 'string' && !error.extensions?.subgraph)
      return nameSubgraph(error, serviceName, logger);
    if (isGraphQLError(error)) {
      const original = error.originalError;
      const deliberate = !original || isGraphQLError(original);
      if (deliberate) {
        if (typeof error.extensions?.subgraph === 'string' || typeof error.extensions?.code === 'string')
          return error;
        return new GraphQLError(error.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
        });
      }
      if (isGraphQLError(original)) return original;
    }
    const requestId = currentRequestId();
    logger.error({ err: error, requestId }, 'unexpected error');
    const masked = errors.internal(requestId);
    return isGraphQLError(error)
      ? new GraphQLError(masked.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: masked.extensions,
        })
      : masked;
  };
}
