import {
  Kind,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { fragmentsOf, type Fragments } from './operationShape.ts';

/**
 * Estimated cost: every object a field may return counts 1.
 * - A paginated field (one with a `first` or `last` argument, i.e. a Relay connection) returns
 *   as many items as its `first` — from the operation, its variables (defaults included), the
 *   argument's SDL default, or `listSize` — and the lists right below it (`nodes`, `edges`)
 *   are that long.
 * - A plain list counts `plainListSize` items; `_entities` counts its representations.
 * - Fragments on other types than the parent's are counted for each object type the parent may
 *   be: the fragments that apply to it add up, and the dearest object type counts (fragments on
 *   two members of a union are alternatives, not a sum).
 */
export interface CostSizes {
  listSize: number;
  plainListSize: number;
}

interface FieldLike {
  type: unknown;
  args?: readonly { name: string; defaultValue?: unknown }[];
}
type NamedLike = {
  name: string;
  getFields?: () => Record<string, FieldLike>;
  getInterfaces?: () => readonly { name: string }[];
  getTypes?: () => readonly NamedLike[];
};

// Duck-typed rather than graphql's isListType/getNamedType: the schema may come from graphql's
// CommonJS build and this module from its ESM build (two realms).
function unwrap(type: unknown): { named: NamedLike; list: boolean } {
  let t = type as { ofType?: unknown };
  const list = String(type).replace(/!$/, '').startsWith('[');
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  return { named: t as unknown as NamedLike, list };
}
const isObjectType = (t: NamedLike | undefined) =>
  (t as { [Symbol.toStringTag]?: string } | undefined)?.[Symbol.toStringTag] === 'GraphQLObjectType';
const isComposite = (t: NamedLike) =>
  typeof t.getFields === 'function' || typeof (t as { getTypes?: unknown }).getTypes === 'function';

function argValue(args: readonly ArgumentNode[] | undefined, name: string, vars: Record<string, unknown>) {
  const node: ValueNode | undefined = args?.find((a) => a.name.value === name)?.value;
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return vars[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values;
  return undefined;
}

const SLICES = ['first', 'last'];
type Seen = ReadonlySet<string>;

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  sizes: CostSizes,
): number {
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments: Fragments = fragmentsOf(document);

  const sizeOf = (field: FieldLike, args: readonly ArgumentNode[] | undefined) => {
    for (const slice of SLICES) {
      const declared = field.args?.find((a) => a.name === slice);
      if (!declared) continue;
      const given = argValue(args, slice, variables);
      // A negative `first` is refused by the resolver, but must not lower the estimate of the rest.
      if (typeof given === 'number') return Math.max(0, given);
      if (typeof declared.defaultValue === 'number') return declared.defaultValue;
      return sizes.listSize;
    }
    return undefined;
  };

  /** The most a value of `typeName` can cost through the fragments on other types (by type condition). */
  const dearestObjectType = (typeName: string, byCondition: ReadonlyMap<string, number>) => {
    if (byCondition.size === 0) return 0;
    const parent = schema.getType(typeName) as NamedLike | undefined;
    const objects = isObjectType(parent)
      ? [parent!]
      : (parent?.getTypes?.() ?? implementationsOf(typeName) ?? []);
    let dearest = 0;
    for (const object of objects) {
      let cost = 0;
      for (const [condition, conditional] of byCondition)
        if (appliesTo(condition, object)) cost += conditional;
      if (cost > dearest) dearest = cost;
    }
    // No known object type (a schema that does not list them): the dearest fragment counts.
    if (objects.length === 0) for (const cost of byCondition.values()) if (cost > dearest) dearest = cost;
    return dearest;
  };
  const implementationsOf = (interfaceName: string) => {
    const type = schema.getType(interfaceName);
    return type ? (schema.getImplementations(type as never).objects as unknown as NamedLike[]) : undefined;
  };
  const appliesTo = (condition: string, object: NamedLike) => {
    if (condition === object.name) return true;
    if (object.getInterfaces?.().some((i) => i.name === condition)) return true;
    const union = schema.getType(condition) as NamedLike | undefined;
    return union?.getTypes?.().some((t) => t.name === object.name) ?? false;
  };

  /** A fragment's selection set, the type it applies to, and the fragments seen below it. */
  const fragmentOf = (selection: InlineFragmentNode | FragmentSpreadNode, typeName: string, seen: Seen) => {
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return { set: selection.selectionSet, on: selection.typeCondition?.name.value ?? typeName, next: seen };
    const fragment = fragments[selection.name.value];
    if (!fragment || seen.has(fragment.name.value)) return undefined;
    const next = new Set(seen).add(fragment.name.value);
    return { set: fragment.selectionSet, on: fragment.typeCondition.name.value, next };
  };

  const fieldCost = (selection: FieldNode, field: FieldLike, pageSize: number | undefined, seen: Seen) => {
    const { named, list } = unwrap(field.type);
    const self = isComposite(named) ? 1 : 0;
    const page = sizeOf(field, selection.arguments);
    if (page !== undefined) {
      const below = walk(selection.selectionSet, named.name, list ? undefined : page, seen);
      return list ? page * (self + below) : self + below;
    }
    const children = walk(selection.selectionSet, named.name, undefined, seen);
    if (!list) return self + children;
    let length = pageSize ?? sizes.plainListSize;
    if (selection.name.value === '_entities') {
      const representations = argValue(selection.arguments, 'representations', variables);
      if (Array.isArray(representations)) length = representations.length;
    }
    return length * (self + children);
  };

  function walk(
    set: SelectionSetNode | undefined,
    typeName: string,
    pageSize: number | undefined,
    seen: Seen,
  ) {
    if (!set) return 0;
    const fields = (schema.getType(typeName) as NamedLike | undefined)?.getFields?.();
    let total = 0;
    // Fragments on another type than the parent's, by type condition.
    const alternatives = new Map<string, number>();
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fields?.[selection.name.value];
        if (field) total += fieldCost(selection, field, pageSize, seen);
        continue;
      }
      const fragment = fragmentOf(selection, typeName, seen);
      if (!fragment) continue;
      const cost = walk(fragment.set, fragment.on, pageSize, fragment.next);
      if (fragment.on === typeName) total += cost;
      else alternatives.set(fragment.on, (alternatives.get(fragment.on) ?? 0) + cost);
    }
    return total + dearestObjectType(typeName, alternatives);
  }
  return walk(operation.selectionSet, root.name, undefined, new Set());
}
