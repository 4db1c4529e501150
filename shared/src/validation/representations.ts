import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { errors } from '../errors.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_VALUE_LENGTH = 256;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? `an object (${JSON.stringify(value).slice(0, 60)})` : typeof value;
}

/**
 * Checks one `_entities` representation before any resolver sees it: a plain object naming an
 * object type of this subgraph, whose other keys are fields of that type holding plain values
 * (strings, numbers, booleans). Operator-shaped values (`{"id": {"$gt": ""}}`), `__proto__`
 * and unknown types are refused with BAD_USER_INPUT naming the representation.
 */
export function checkRepresentation(schema: GraphQLSchema, rep: unknown, index: number): void {
  const field = `representations.${index}`;
  const refuse = (why: string) => errors.badInput(`Representation ${index}: ${why}.`, { field });
  if (!rep || typeof rep !== 'object' || Array.isArray(rep))
    throw refuse(`must be an object, got ${describe(rep)}`);
  const typename = (rep as Record<string, unknown>).__typename;
  if (typeof typename !== 'string') throw refuse('needs "__typename" naming an entity type');
  const type = Object.hasOwn(schema.getTypeMap(), typename) ? schema.getType(typename) : undefined;
  if (!type || !isObjectType(type) || typename.startsWith('__'))
    throw refuse(`"${typename.slice(0, 60)}" is not an entity type of this subgraph`);
  const fields = type.getFields();
  for (const key of Object.keys(rep)) {
    if (key === '__typename') continue;
    if (FORBIDDEN_KEYS.has(key) || !Object.hasOwn(fields, key))
      throw refuse(`"${key.slice(0, 60)}" is not a field of ${typename}`);
    const value = (rep as Record<string, unknown>)[key];
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
      throw refuse(`${typename}.${key} must be a string, number or boolean, not ${describe(value)}`);
    if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH)
      throw refuse(`${typename}.${key} is longer than ${MAX_VALUE_LENGTH} characters`);
  }
}

/**
 * Wraps `Query._entities` so every representation is checked (checkRepresentation) before any
 * type's `__resolveReference` runs: one check for every entity type of every subgraph.
 */
export function validateRepresentations(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (fieldConfig, fieldName) => {
      if (fieldName !== '_entities' || !fieldConfig.resolve) return fieldConfig;
      const resolve = fieldConfig.resolve as GraphQLFieldResolver<unknown, unknown>;
      return {
        ...fieldConfig,
        resolve: (source, args: { representations?: unknown }, context, info) => {
          const reps = args.representations;
          if (!Array.isArray(reps))
            throw errors.badInput('representations must be a list.', { field: 'representations' });
          reps.forEach((rep, i) => checkRepresentation(info.schema, rep, i));
          return resolve(source, args, context, info);
        },
      };
    },
  });
}
