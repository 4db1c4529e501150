import { GraphQLError } from 'graphql';

/**
 * graphql-js's validation messages suggest field, argument and type names ("Did you mean
 * \"students\"?"), which lets anyone map a schema with introspection turned off. In production
 * they are cut from every message.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export const withoutSuggestions = (message: string) => message.replace(SUGGESTION, '');

export function errorWithoutSuggestions(error: GraphQLError): GraphQLError {
  const message = withoutSuggestions(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
