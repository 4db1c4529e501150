import { tooExpensive } from '@edugraph/shared/limits';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import {
  Kind,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLError,
  type InlineFragmentNode,
} from 'graphql';

/**
 * Cost limits are Hive's demand control (runtime.ts, `demandControl`): before each subgraph
 * request of the plan is sent, it counts the objects that request may return (`@listSize`
 * slicing arguments in the subgraphs' SDL, defaults included, on the variables the runtime
 * coerced) and adds them up per operation; over MAX_COST the request is refused. Two things
 * around it make it a whole-operation limit:
 *
 * - Hive's count walks a document's fragment definitions where they are defined, not where
 *   they are spread, so a list inside a fragment is not multiplied by the lists around the
 *   spread — and the Rust planner puts repeated selections of a subgraph request into named
 *   fragments (4 aliased `classes(first: 1000) { …students(first: 1000) }` counted 1 million,
 *   not 4). Hive's hooks are therefore shown the request with its fragments inlined; the
 *   subgraph is sent the planner's own text (`useCostDocumentRestored`).
 * - The Rust planner's runtime answers what earlier subgraph requests fetched when a later one
 *   is refused; an operation over its budget is refused as a whole instead: no data, one
 *   COST_ESTIMATED_TOO_EXPENSIVE error with `extensions.cost` (HTTP 400).
 */
type UnifiedGraphHandler = typeof unifiedGraphHandler;

const COST_CODE = 'COST_ESTIMATED_TOO_EXPENSIVE';

const inlined = new WeakMap<DocumentNode, DocumentNode>();
const originals = new WeakMap<DocumentNode, DocumentNode>();

/** The document with every fragment spread replaced by the fragment's selections (same meaning). */
export function inlineFragments(document: DocumentNode): DocumentNode {
  let result = inlined.get(document);
  if (result) return result;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  if (fragments.size === 0) result = document;
  else {
    const operations = document.definitions.filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION);
    result = visit(
      { ...document, definitions: operations },
      {
        // Visited again after replacing, so fragments spread inside fragments are inlined too
        // (validation has refused cycles before any subgraph request is made).
        FragmentSpread(spread): InlineFragmentNode | null {
          const fragment = fragments.get(spread.name.value);
          if (!fragment) return null;
          return {
            kind: Kind.INLINE_FRAGMENT,
            typeCondition: fragment.typeCondition,
            directives: spread.directives,
            selectionSet: fragment.selectionSet,
          };
        },
      },
    );
    originals.set(result, document);
  }
  inlined.set(document, result);
  return result;
}

/** The Rust planner's handler, its subgraph requests shown to the gateway's hooks with fragments inlined. */
export function withInlinedFragments(handler: UnifiedGraphHandler): UnifiedGraphHandler {
  return (opts) =>
    handler({
      ...opts,
      onSubgraphExecute: (subgraphName, request) =>
        opts.onSubgraphExecute(subgraphName, { ...request, document: inlineFragments(request.document) }),
    });
}

/** Runs after Hive's demand control: the subgraph gets the planner's document, not the inlined copy. */
export function useCostDocumentRestored(): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const original = originals.get(executionRequest.document);
      if (original) setExecutionRequest({ ...executionRequest, document: original });
    },
  };
}

function costRefusal(result: ExecutionResult): GraphQLError | undefined {
  for (const error of result.errors ?? []) {
    if (error.extensions?.code !== COST_CODE) continue;
    const cost = error.extensions.cost as { estimated?: number; max?: number } | undefined;
    return tooExpensive(Number(cost?.estimated ?? 0), Number(cost?.max ?? 0));
  }
  return undefined;
}

/** An operation whose cost went over the limit at any subgraph request is refused as a whole. */
export function useWholeCostRefusal(): GatewayPlugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const refusal = costRefusal(result as ExecutionResult);
          if (refusal) setResult({ errors: [refusal] });
        },
      };
    },
  };
}
