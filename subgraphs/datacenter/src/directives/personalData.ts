import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import {
  hasScope,
  maskBirthDate,
  maskIdNumber,
  maskRegistryNumber,
  scopes,
  type Caller,
} from '@edugraph/shared';

type Kind = 'ID_NUMBER' | 'BIRTH_DATE' | 'REGISTRY_NUMBER' | 'RECORD' | 'RECORD_KEY';

const maskString = (fn: (v: string) => string) => (value: unknown) =>
  typeof value === 'string' ? fn(value) : value;

/** Personal fields inside a sync record (Change.record). */
const RECORD_FIELDS: Record<string, (v: string) => string> = {
  idNumber: maskIdNumber,
  birthDate: maskBirthDate,
  registryNumber: maskRegistryNumber,
};

function maskRecord(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [field, mask] of Object.entries(RECORD_FIELDS)) {
    if (typeof copy[field] === 'string') copy[field] = mask(copy[field]);
  }
  return copy;
}

/** Masks by kind; RECORD_KEY masks a key only when its parent is a student's. */
function masker(kind: Kind): (value: unknown, parent: Record<string, unknown>) => unknown {
  switch (kind) {
    case 'ID_NUMBER':
      return maskString(maskIdNumber);
    case 'BIRTH_DATE':
      return maskString(maskBirthDate);
    case 'REGISTRY_NUMBER':
      return maskString(maskRegistryNumber);
    case 'RECORD':
      return maskRecord;
    case 'RECORD_KEY':
      return (value, parent) => (parent.kind === 'STUDENT' ? maskString(maskRegistryNumber)(value) : value);
  }
}

/**
 * Implements `@personalData(kind)` from the SDL: every field carrying it is wrapped so that its
 * value is masked unless the caller holds the `personal-data` scope. Because it wraps the field
 * in the schema, it holds on every path (lists, lookups, entity references, the change feed)
 * without any resolver remembering to mask.
 */
export function personalDataDirective(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig) => {
      const directive = getDirective(schema, fieldConfig, 'personalData')?.[0];
      if (!directive) return fieldConfig;
      const mask = masker(directive.kind as Kind);
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve: async (parent, args, context: { caller?: Caller | null }, info) => {
          const value = await resolve(parent, args, context, info);
          if (value === null || value === undefined || hasScope(context.caller, scopes.PERSONAL_DATA))
            return value;
          return mask(value, parent as Record<string, unknown>);
        },
      };
    },
  });
}
