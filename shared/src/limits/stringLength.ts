import { Kind, visit, type DocumentNode, type GraphQLError, type ValueNode } from 'graphql';
import { errors } from '../errors.ts';

/**
 * Every string an operation carries — in its variables or written in its text — is bounded, so
 * a megabyte-long `namePrefix` is a clear BAD_USER_INPUT naming where it was, never a regular
 * expression, a database query or a log line of that size.
 */
const tooLong = (where: string, length: number, max: number, field: string) =>
  errors.badInput(`${where} is ${length} characters long; at most ${max} are allowed.`, {
    field,
    max,
    length,
  });

/** No GraphQL input of the hub nests this deep; deeper JSON is refused rather than walked. */
const MAX_NESTING = 64;

/**
 * The path of a string longer than `max` and its length; length -1 for nesting past MAX_NESTING.
 * Walks without building paths (it runs on every value of a 1,000-record upsert); the path is
 * made only for what it found.
 */
function longValue(value: unknown, path: string, max: number): [string, number] | undefined {
  const found: (string | number)[] = [];
  const length = longAt(value, max, 0, found);
  if (length === undefined) return undefined;
  const at = found.reverse().map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`));
  return [path + at.join(''), length];
}

/** The length found under `value` (its steps pushed innermost first onto `found`), else undefined. */
function longAt(value: unknown, max: number, depth: number, found: (string | number)[]): number | undefined {
  if (typeof value === 'string') return value.length > max ? value.length : undefined;
  if (!value || typeof value !== 'object') return undefined;
  if (depth >= MAX_NESTING) return -1;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const length = longAt(value[i], max, depth + 1, found);
      if (length !== undefined) return (found.push(i), length);
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const length = longAt((value as Record<string, unknown>)[key], max, depth + 1, found);
    if (length !== undefined) return (found.push(key), length);
  }
  return undefined;
}

/** A variable (at any depth of its value) longer than `max`; undefined when all are within. */
export function longVariableError(
  variables: Record<string, unknown> | null | undefined,
  max: number,
): GraphQLError | undefined {
  if (!variables) return undefined;
  for (const [name, value] of Object.entries(variables)) {
    const found = longValue(value, `$${name}`, max);
    if (found?.[1] === -1)
      return errors.badInput(`Variable ${found[0]} is nested more than ${MAX_NESTING} levels deep.`, {
        field: found[0],
      });
    if (found) return tooLong(`Variable ${found[0]}`, found[1], max, found[0]);
  }
  return undefined;
}

function longLiteral(node: ValueNode, path: string, max: number): [string, number] | undefined {
  if (node.kind === Kind.STRING) return node.value.length > max ? [path, node.value.length] : undefined;
  if (node.kind === Kind.LIST) {
    for (let i = 0; i < node.values.length; i++) {
      const found = longLiteral(node.values[i]!, `${path}[${i}]`, max);
      if (found) return found;
    }
  }
  if (node.kind === Kind.OBJECT) {
    for (const f of node.fields) {
      const found = longLiteral(f.value, `${path}.${f.name.value}`, max);
      if (found) return found;
    }
  }
  return undefined;
}

const literalCache = new WeakMap<DocumentNode, Map<number, GraphQLError | null>>();

/** A string written in the operation's arguments longer than `max` (cached per parsed document). */
export function longLiteralError(document: DocumentNode, max: number): GraphQLError | undefined {
  let byMax = literalCache.get(document);
  const cached = byMax?.get(max);
  if (cached !== undefined) return cached ?? undefined;
  const fields: string[] = [];
  let error: GraphQLError | undefined;
  visit(document, {
    Field: { enter: (node) => void fields.push(node.name.value), leave: () => void fields.pop() },
    Argument(node) {
      if (error) return;
      const path = `${fields.join('.')}(${node.name.value})`;
      const found = longLiteral(node.value, path, max);
      if (found) error = tooLong(`Argument ${found[0]}`, found[1], max, found[0]);
    },
    VariableDefinition(node) {
      if (error || !node.defaultValue) return;
      const found = longLiteral(node.defaultValue, `$${node.variable.name.value}`, max);
      if (found) error = tooLong(`The default of ${found[0]}`, found[1], max, found[0]);
    },
  });
  if (!byMax) literalCache.set(document, (byMax = new Map()));
  byMax.set(max, error ?? null);
  return error;
}
