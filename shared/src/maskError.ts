import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { errors, isErrorCode } from './errors.ts';
import type { Logger } from './logger.ts';
import { currentRequestId } from './requestContext.ts';

/**
 * Apollo Server `formatError`: expected errors (a registered code) pass through; anything
 * else is logged with the request id and shown as "Unexpected error." so no stack, query
 * or database detail reaches a client.
 */
export function createErrorMasker(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    const isExpected =
      isErrorCode(code) &&
      code !== 'INTERNAL_SERVER_ERROR' &&
      (!original || original instanceof GraphQLError || !(original instanceof Error));
    if (isExpected) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const requestId = currentRequestId();
    logger.error({ err: original, path: formatted.path, requestId }, 'unexpected error');
    const masked = errors.internal(requestId);
    return {
      message: masked.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: masked.extensions,
    };
  };
}
