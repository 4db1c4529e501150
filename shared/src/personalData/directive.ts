import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  responsePathAsArray,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Caller } from '../auth/caller.ts';
import type { AccessRecorder } from './accessRecorder.ts';
import { isPersonalValue, maskerOf, unmasksPersonalData, type PersonalDataKind } from './masking.ts';

/** What the masking reads from a subgraph's request context. */
export interface PersonalDataContext {
  caller?: Caller | null;
  /** Set by createSubgraph: collects what this request returned unmasked. */
  personalDataAccess?: AccessRecorder;
}

export interface PersonalDataOptions {
  /**
   * Is this record the caller's own (identity's User of the token's subject)? A person reads
   * their own data unmasked (PIPL art. 45); the read is still recorded.
   */
  isOwnRecord?: (typeName: string, parent: Record<string, unknown>, caller: Caller) => boolean;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** The record's id for the log: its id, else where it sat in the answer (never the value). */
function recordId(parent: Record<string, unknown>, info: GraphQLResolveInfo): string {
  const id = parent._id ?? parent.id;
  if (id !== undefined && id !== null && typeof id !== 'object') return String(id);
  if (id && typeof (id as { toString?: unknown }).toString === 'function') return String(id);
  return responsePathAsArray(info.path).slice(0, -1).join('.');
}

const orgPathOf = (parent: Record<string, unknown>) =>
  Array.isArray(parent.orgPath) ? (parent.orgPath as string[]) : undefined;

/**
 * Implements `@personalData(kind)` (personalData.graphql) for every subgraph: each field
 * carrying it is wrapped so its value is masked unless the caller may see it unmasked
 * (`unmasksPersonalData`), and an unmasked value is noted for the access log. Because it wraps
 * the field in the schema, it holds on every path (lists, lookups, `_entities`, the change
 * feed) without a resolver remembering to mask.
 */
export function personalDataDirective(
  schema: GraphQLSchema,
  options: PersonalDataOptions = {},
): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const directive = getDirective(schema, fieldConfig, 'personalData')?.[0];
      if (!directive) return fieldConfig;
      const mask = maskerOf(directive.kind as PersonalDataKind);
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      const settle = (
        value: unknown,
        record: Record<string, unknown>,
        context: PersonalDataContext,
        info: GraphQLResolveInfo,
      ) => {
        if (value === null || value === undefined) return value;
        const caller = context.caller;
        const masked = mask(value, record);
        if (!isPersonalValue(value, masked)) return value;
        const own = Boolean(caller && options.isOwnRecord?.(typeName, record, caller));
        if (!own && !unmasksPersonalData(caller)) return masked;
        context.personalDataAccess?.note(fieldName, typeName, recordId(record, info), orgPathOf(record));
        return value;
      };
      return {
        ...fieldConfig,
        // Synchronous when the field's own resolver is (a default resolver reading a property):
        // a promise per field would make every item of a 1,000-record list (an upsert's
        // `results`) a promise for the executor to wait on.
        resolve: (parent, args, context: PersonalDataContext, info) => {
          const value: unknown = resolve(parent, args, context, info);
          const record = parent as Record<string, unknown>;
          return isThenable(value)
            ? Promise.resolve(value).then((v) => settle(v, record, context, info))
            : settle(value, record, context, info);
        },
      };
    },
  });
}
