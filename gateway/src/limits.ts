import {
  aliasLimitRule,
  depthLimitRule,
  errorWithoutSuggestions,
  longLiteralError,
  longVariableError,
  noIntrospectionRule,
  parseWithTokenLimit,
  type RequestLimits,
} from '@edugraph/shared/limits';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { DocumentNode, GraphQLError } from 'graphql';

/**
 * The hub's request limits at the gateway (the same shared code every subgraph runs), each
 * refused with its own code before anything reaches a subgraph: tokens (while parsing), depth,
 * aliases and introspection (validation rules, cached per document), then per request the
 * string lengths. The cost is Hive's demand control (runtime.ts: `demandControl`), estimated on
 * each subgraph request the plan makes, with the variables the runtime coerced (defaults included).
 */
export interface OperationLimits extends Pick<
  RequestLimits,
  'maxDepth' | 'maxTokens' | 'maxAliases' | 'maxStringLength'
> {
  /** Production: no introspection, no field suggestions in validation errors. */
  production: boolean;
}

/** The envelop/Yoga plugin applying every limit. */
export function useOperationLimits(limits: OperationLimits): GatewayPlugin {
  const rules = [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)];
  if (limits.production) rules.push(noIntrospectionRule);
  // A document's literals do not change: checked once per parsed document (the parse cache
  // hands the same object back for the same text).
  const longLiterals = new WeakMap<DocumentNode, GraphQLError | null>();
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithTokenLimit(source, limits.maxTokens, options));
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
      if (!limits.production) return undefined;
      // "Did you mean …?" would map the schema for anyone, introspection off or not.
      return ({ result, setResult }) => {
        if (result.length) setResult(result.map((e) => errorWithoutSuggestions(e as GraphQLError)));
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      let literal = longLiterals.get(args.document);
      if (literal === undefined)
        longLiterals.set(
          args.document,
          (literal = longLiteralError(args.document, limits.maxStringLength) ?? null),
        );
      const refusal =
        literal ??
        longVariableError(args.variableValues as Record<string, unknown> | undefined, limits.maxStringLength);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}
