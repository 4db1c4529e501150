import {
  Kind,
  parse,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type Source,
  type ValidationContext,
} from 'graphql';
import { appError } from '../errors.ts';

/**
 * The shape limits that need no schema and no variables — depth, aliases, tokens — as
 * graphql-js validation rules (the gateway caches their result per document) and as plain
 * checks (subgraphs run them once the operation is resolved).
 */
export type Fragments = Record<string, FragmentDefinitionNode | undefined>;

export function fragmentsOf(document: DocumentNode): Fragments {
  const fragments: Fragments = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return fragments;
}

const isIntrospectionRoot = (name: string) => name === '__schema' || name === '__type';

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
      if (isIntrospectionRoot(selection.name.value)) continue;
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

export function operationDepth(operation: OperationDefinitionNode, fragments: Fragments): number {
  return depthOf(operation.selectionSet, fragments, new Set());
}

export function countAliases(document: DocumentNode): number {
  let aliases = 0;
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD && s.alias) aliases++;
      if (s.kind !== Kind.FRAGMENT_SPREAD) walk(s.selectionSet);
    }
  };
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) walk(d.selectionSet);
  return aliases;
}

export const tooDeep = (depth: number, max: number) =>
  appError('QUERY_TOO_DEEP', `The operation is ${depth} levels deep; at most ${max} are allowed.`, {
    max,
    depth,
  });

export const tooManyAliases = (aliases: number, max: number) =>
  appError('TOO_MANY_ALIASES', `The operation uses ${aliases} aliases; at most ${max} are allowed.`, {
    max,
    aliases,
  });

export const tooManyTokens = (max: number) =>
  appError('TOO_MANY_TOKENS', `The operation has more than ${max} tokens.`, { max });

/** graphql-js's message when `maxTokens` stops the parser. */
export const isTokenLimitMessage = (message: string) =>
  /Document contains more th\w+ \d+ tokens/.test(message);

/** Depth and aliases of a whole document; undefined when within the limits. */
export function shapeError(
  document: DocumentNode,
  limits: { maxDepth: number; maxAliases: number },
): GraphQLError | undefined {
  const fragments = fragmentsOf(document);
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = operationDepth(d, fragments);
    if (depth > limits.maxDepth) return tooDeep(depth, limits.maxDepth);
  }
  const aliases = countAliases(document);
  return aliases > limits.maxAliases ? tooManyAliases(aliases, limits.maxAliases) : undefined;
}

export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node: OperationDefinitionNode) {
      const depth = operationDepth(node, fragmentsOf(context.getDocument()));
      if (depth > maxDepth) context.reportError(tooDeep(depth, maxDepth));
    },
  });
}

export function aliasLimitRule(maxAliases: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(node: DocumentNode) {
      const aliases = countAliases(node);
      if (aliases > maxAliases) context.reportError(tooManyAliases(aliases, maxAliases));
    },
  });
}

export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node: FieldNode) {
      if (isIntrospectionRoot(node.name.value))
        context.reportError(
          appError('INTROSPECTION_DISABLED', 'Introspection is turned off on this service (production).'),
        );
    },
  };
}

/** `parse` stopping at `maxTokens` with TOO_MANY_TOKENS instead of a syntax error. */
export function parseWithTokenLimit(
  source: string | Source,
  maxTokens: number,
  options: ParseOptions = {},
): DocumentNode {
  try {
    return parse(source, { ...options, maxTokens });
  } catch (err) {
    if (err instanceof Error && isTokenLimitMessage(err.message)) throw tooManyTokens(maxTokens);
    throw err;
  }
}
