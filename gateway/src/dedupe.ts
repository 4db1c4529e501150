import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { Kind, print, type DocumentNode } from 'graphql';
import type { CallerContext } from './auth.ts';

/**
 * Identical subgraph queries in flight at the same time are sent once and their answer shared:
 * same subgraph, document, variables and Authorization (everything the subgraph's answer
 * depends on). Hive's HTTP executor does this too, but keys on every header, and the
 * per-request `x-request-id` we forward makes each key unique. Here the request id is left
 * out of the key: the subgraph logs the first request's id, and the others log that they
 * joined it. Mutations are never shared.
 */
const printed = new WeakMap<DocumentNode, string>();
const textOf = (document: DocumentNode) => {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
};
const isQuery = (document: DocumentNode) =>
  document.definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'query');

export function useSubgraphRequestSharing(): GatewayPlugin {
  const inflight = new Map<string, unknown>();
  return {
    onSubgraphExecute({ subgraphName, executionRequest, executor, setExecutor }) {
      if (!isQuery(executionRequest.document)) return;
      const context = executionRequest.context as (CallerContext & { request?: Request }) | undefined;
      const authorization = context?.request?.headers.get('authorization') ?? '';
      const key = `${subgraphName}\n${authorization}\n${JSON.stringify(executionRequest.variables ?? {})}\n${textOf(executionRequest.document)}`;
      const shared: typeof executor = (request) => {
        const running = inflight.get(key);
        if (running) return running as never;
        const result = executor(request);
        if (result && typeof (result as Promise<unknown>).finally === 'function') {
          inflight.set(key, result);
          void (result as Promise<unknown>).finally(() => inflight.delete(key)).catch(() => undefined);
        }
        return result;
      };
      setExecutor(shared);
    },
  };
}
