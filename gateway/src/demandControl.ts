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
  print,
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
  }
  inlined.set(document, result);
  return result;
}

/** Variables of a subgraph request that carry entity representations (`[_Any!]!`): nothing Hive's count reads. */
const representationVariables = new WeakMap<DocumentNode, Set<string>>();
function representationsOf(document: DocumentNode): Set<string> {
  let names = representationVariables.get(document);
  if (names) return names;
  names = new Set();
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION)
      for (const v of d.variableDefinitions ?? [])
        if (print(v.type) === '[_Any!]!') names.add(v.variable.name.value);
  representationVariables.set(document, names);
  return names;
}

type Variables = Record<string, unknown>;
const NO_VARIABLES: Variables = Object.freeze({});
const costViews = new WeakMap<DocumentNode, Map<string, Variables>>();

/**
 * A variable's value as Hive's count reads it: only as a slicing argument (`first`), through
 * `Number(value)`, a size when that is a number other than 0. Every other value counts the same as
 * '' (a string), {} or [] would: shown as that, so values that differ per request (ids, search
 * text, the benchmark's nonce) do not make a new view per request. Numbers, numeric strings,
 * booleans and null are kept as they are (a null is not a missing variable: that would count the
 * argument's default).
 */
export function costValue(value: unknown): unknown {
  if (typeof value === 'string') return Number(value) ? value : '';
  if (Array.isArray(value)) return [];
  if (value !== null && typeof value === 'object') return {};
  return value;
}

/**
 * Hive's count is remembered per (schema, document, variables object), and every subgraph request
 * has a new variables object: it was counted again for every request (5 % of the gateway's CPU on
 * the public benchmark). Shown instead: one object per document and the values the count can read
 * (the representations left out, the rest as `costValue` gives them), so a subgraph request of
 * the same plan is counted once.
 */
function costVariables(document: DocumentNode, variables: Variables | undefined): Variables | undefined {
  if (!variables) return variables;
  const skip = representationsOf(document);
  let rest: Variables | undefined;
  for (const name in variables) if (!skip.has(name)) (rest ??= {})[name] = costValue(variables[name]);
  if (!rest) return NO_VARIABLES;
  let views = costViews.get(document);
  if (!views) costViews.set(document, (views = new Map()));
  const key = JSON.stringify(rest);
  let view = views.get(key);
  if (!view) {
    if (views.size >= 100) views.clear(); // values from clients: bounded
    views.set(key, (view = rest));
  }
  return view;
}

/** The request as the planner made it, carried (spreads copy symbol keys) past the hooks' copies. */
const PLANNED = Symbol('edugraph.plannedRequest');
type Planned = { document: DocumentNode; variables: Variables | undefined };

/**
 * The Rust planner's handler, its subgraph requests shown to the gateway's hooks (Hive's demand
 * control among them) with fragments inlined and the variables as `costVariables` gives them.
 */
export function withInlinedFragments(handler: UnifiedGraphHandler): UnifiedGraphHandler {
  return (opts) =>
    handler({
      ...opts,
      onSubgraphExecute: (subgraphName, request) => {
        const planned: Planned = { document: request.document, variables: request.variables };
        return opts.onSubgraphExecute(subgraphName, {
          ...request,
          document: inlineFragments(request.document),
          variables: costVariables(request.document, request.variables),
          [PLANNED]: planned,
        } as typeof request);
      },
    });
}

/**
 * The first of our hooks, after Hive's: the subgraph is sent the planner's document and variables.
 * In place (the object is the one withInlinedFragments made): Hive's timeout finds the request it
 * saw in its fetch hook by identity, and names the subgraph from it.
 */
export function useCostDocumentRestored(): GatewayPlugin {
  return {
    onSubgraphExecute({ executionRequest }) {
      const request = executionRequest as typeof executionRequest & { [PLANNED]?: Planned };
      const planned = request[PLANNED];
      if (!planned) return;
      delete request[PLANNED];
      request.document = planned.document;
      request.variables = planned.variables;
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
