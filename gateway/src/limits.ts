import { appError } from '@edugraph/shared/errors';
import {
  Kind,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * Operation limits, each refused with its own code before anything reaches a subgraph:
 * tokens (while parsing), depth, aliases and introspection (validation rules, cached per
 * document), and the cost estimate (per request, because `first` may come from variables).
 */
export interface OperationLimits {
  maxDepth: number;
  maxTokens: number;
  maxAliases: number;
  maxCost: number;
  /** Assumed length of a list that has no `first`/`last` argument. */
  costListSize: number;
  disableIntrospection: boolean;
}

type Fragments = Record<string, FragmentDefinitionNode | undefined>;

function depthOf(
  selectionSet: SelectionSetNode | undefined,
  fragments: Fragments,
  seen: Set<string>,
): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const selection of selectionSet.selections) {
    let depth: number;
    if (selection.kind === Kind.FIELD) {
      // Introspection is bounded by the schema itself; GraphiQL's query would otherwise hit the limit.
      if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
      depth = selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, seen) : 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, fragments, seen);
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      depth = depthOf(fragment.selectionSet, fragments, seen);
      seen.delete(name);
    }
    if (depth > max) max = depth;
  }
  return max;
}

function fragmentsOf(document: DocumentNode): Fragments {
  const fragments: Fragments = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return fragments;
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node: OperationDefinitionNode) {
      const depth = depthOf(node.selectionSet, fragmentsOf(context.getDocument()), new Set());
      if (depth > maxDepth)
        context.reportError(
          appError(
            'QUERY_TOO_DEEP',
            `The operation is ${depth} levels deep; at most ${maxDepth} are allowed.`,
            {
              max: maxDepth,
              depth,
            },
          ),
        );
    },
  });
}

export function aliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node: FieldNode) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > maxAliases)
            context.reportError(
              appError(
                'TOO_MANY_ALIASES',
                `The operation uses ${aliases} aliases; at most ${maxAliases} are allowed.`,
                {
                  max: maxAliases,
                  aliases,
                },
              ),
            );
        },
      },
    };
  };
}

export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node: FieldNode) {
      if (node.name.value === '__schema' || node.name.value === '__type')
        context.reportError(
          appError('INTROSPECTION_DISABLED', 'Introspection is turned off on this gateway (production).'),
        );
    },
  };
}

function intValue(node: ValueNode | undefined, variables: Record<string, unknown>): number | undefined {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const v = variables[node.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

// Duck-typed rather than graphql's isListType/getNamedType: under vitest the runtime's schema
// may come from graphql's CommonJS build and this module from its ESM build (two realms).
const isOutputList = (type: unknown) => String(type).startsWith('[');
type NamedLike = { name: string; getFields?: () => unknown; getTypes?: () => unknown };
function namedTypeOf(type: unknown): NamedLike {
  let t = type as { ofType?: unknown };
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  return t as unknown as NamedLike;
}
const isComposite = (t: NamedLike) => typeof t.getFields === 'function' || typeof t.getTypes === 'function';

/**
 * Estimated cost: every object a field may return counts 1; a field's subtree is multiplied by
 * its `first`/`last` argument (Relay connections: the list below it is sized by that
 * argument), or by `listSize` for lists without one.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  listSize: number,
): number {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = fragmentsOf(document);
  const walk = (
    set: SelectionSetNode | undefined,
    parentTypeName: string,
    sized: boolean,
    seen: Set<string>,
  ): number => {
    if (!set) return 0;
    const parent = schema.getType(parentTypeName);
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += walk(
          selection.selectionSet,
          selection.typeCondition?.name.value ?? parentTypeName,
          sized,
          seen,
        );
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        const next = new Set(seen).add(fragment.name.value);
        total += walk(fragment.selectionSet, fragment.typeCondition.name.value, sized, next);
        continue;
      }
      const fields = parent && 'getFields' in parent ? parent.getFields() : undefined;
      const field = fields?.[selection.name.value];
      if (!field) continue;
      const named = namedTypeOf(field.type);
      const slice = selection.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'last');
      const sliceSize = intValue(slice?.value, variables);
      let factor = 1;
      let childSized = sized;
      if (sliceSize !== undefined) {
        factor = sliceSize;
        childSized = true;
      } else if (slice) {
        factor = listSize;
        childSized = true;
      } else if (isOutputList(field.type)) {
        factor = sized ? 1 : listSize;
        childSized = false;
      }
      const self = isComposite(named) ? 1 : 0;
      total += factor * (self + walk(selection.selectionSet, named.name, childSized, seen));
    }
    return total;
  };
  return walk(operation.selectionSet, root.name, false, new Set());
}

/** The envelop/Yoga plugin applying every limit. */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  const rules = [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)];
  if (limits.disableIntrospection) rules.push(noIntrospectionRule);
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens: limits.maxTokens });
        } catch (err) {
          if (err instanceof Error && /Document contains more th\w+ \d+ tokens/.test(err.message))
            throw appError('TOO_MANY_TOKENS', `The operation has more than ${limits.maxTokens} tokens.`, {
              max: limits.maxTokens,
            });
          throw err;
        }
      });
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const cost = estimateCost(
        args.schema,
        args.document,
        args.operationName,
        (args.variableValues ?? {}) as Record<string, unknown>,
        limits.costListSize,
      );
      if (cost > limits.maxCost)
        setResultAndStopExecution({
          errors: [
            appError(
              'COST_ESTIMATED_TOO_EXPENSIVE',
              `The operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages (first) or fewer nested lists.`,
              { cost: { estimated: cost, max: limits.maxCost } },
            ),
          ],
        });
    },
  };
}
