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

type Result = { data?: unknown; [key: string]: unknown };
interface Shared {
  result: Promise<unknown>;
  joiners: number;
  /**
   * The answer's data as JSON text, taken as it arrived, before anyone could change it: each
   * joiner parses its own copy (a subgraph's data is JSON; one stringify and a parse per joiner
   * cost about half of a structuredClone per joiner).
   */
  pristine?: string;
}

/**
 * The Rust planner's runtime merges entity answers into the subgraph results it received, in
 * place: two requests holding the same result object would write into each other's answers.
 * So the first caller keeps the result it was sent, and every caller that joined it gets its
 * own copy of the data, taken when the answer arrived (errors are shared: nothing changes them).
 */
function joinerCopy(entry: Shared) {
  return entry.result.then((r) => {
    const result = r as Result;
    if (!result || typeof result !== 'object' || !('data' in result)) return result;
    const data: unknown = entry.pristine === undefined ? result.data : JSON.parse(entry.pristine);
    return { ...result, data };
  });
}

export function useSubgraphRequestSharing(): GatewayPlugin {
  const inflight = new Map<string, Shared>();
  return {
    onSubgraphExecute({ subgraphName, executionRequest, executor, setExecutor }) {
      if (!isQuery(executionRequest.document)) return;
      const context = executionRequest.context as (CallerContext & { request?: Request }) | undefined;
      const authorization = context?.request?.headers.get('authorization') ?? '';
      const key = `${subgraphName}\n${authorization}\n${JSON.stringify(executionRequest.variables ?? {})}\n${textOf(executionRequest.document)}`;
      const shared: typeof executor = (request) => {
        const running = inflight.get(key);
        if (running) {
          running.joiners++;
          return joinerCopy(running) as never;
        }
        const result = executor(request);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          const entry: Shared = { result: result as Promise<unknown>, joiners: 0 };
          inflight.set(key, entry);
          // Registered before the caller's own continuation, so it runs first: the copy is clean.
          void entry.result
            .then((r) => {
              inflight.delete(key);
              const data = r && typeof r === 'object' ? (r as Result).data : undefined;
              if (entry.joiners > 0 && data != null) entry.pristine = JSON.stringify(data);
            })
            .catch(() => inflight.delete(key));
        }
        return result;
      };
      setExecutor(shared);
    },
  };
}
