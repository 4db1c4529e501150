import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { OPERATION_NAME_HEADER, operationNameFrom } from '../requestContext.ts';

/**
 * What a subgraph learns about a request while serving it, for its access line, metrics and
 * operation span: the operation's name and the verified caller's client id. Kept in the GraphQL
 * context as `requestNote`; the HTTP server reads it when the response is finished.
 */
export interface RequestNote {
  operation?: string;
  client?: string;
}

/** Names the operation in the request's note: its own name, else the one the gateway forwarded. */
export function requestNotePlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation, request, contextValue }) {
          const note = (contextValue as { requestNote?: RequestNote }).requestNote;
          if (!note) return;
          note.operation =
            operationNameFrom(operationName, request.http?.headers.get(OPERATION_NAME_HEADER)) ??
            `(anonymous ${operation?.operation ?? 'operation'})`;
        },
      };
    },
  };
}
