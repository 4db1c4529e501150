import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { errors, isErrorCode } from './errors.ts';
import { isTokenLimitMessage, tooManyTokens } from './limits/operationShape.ts';
import { withoutSuggestions } from './limits/suggestions.ts';
import type { Logger } from './logger.ts';
import { currentRequestId } from './requestContext.ts';

/** The driver's and mongoose's errors for a database that cannot be reached. */
const DATABASE_DOWN =
  /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error$/;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (DATABASE_DOWN.test(e.name) || /buffering timed out/.test(e.message)) return true;
  }
  return false;
}

function asFormatted(error: GraphQLError, formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { http: _http, ...extensions } = error.extensions;
  return { message: error.message, path: formatted.path, locations: formatted.locations, extensions };
}

/**
 * Apollo Server `formatError`: expected errors (a registered code) pass through; anything
 * else is logged with the request id and shown as "Unexpected error." so no stack, query
 * or database detail reaches a client.
 * A database that cannot be reached is SERVICE_UNAVAILABLE (sent as HTTP 503), and the
 * parser's token limit TOO_MANY_TOKENS.
 */
export function createErrorMasker(
  logger: Logger,
  options: { maxTokens?: number; production?: boolean } = {},
) {
  const format = formatWith(logger, options);
  if (!options.production) return format;
  // No "Did you mean …?" in production: validation and variable errors would map the schema.
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    return { ...result, message: withoutSuggestions(result.message) };
  };
}

function formatWith(logger: Logger, options: { maxTokens?: number }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    // Apollo's parser stops at maxTokens with a plain syntax error: give it the limit's own code.
    if (code === 'GRAPHQL_PARSE_FAILED' && options.maxTokens && isTokenLimitMessage(formatted.message))
      return asFormatted(tooManyTokens(options.maxTokens), formatted);
    if (isDatabaseUnavailable(original)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable');
      return asFormatted(errors.unavailable('The database'), formatted);
    }
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
