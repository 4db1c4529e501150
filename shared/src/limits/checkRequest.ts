import {
  Kind,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { appError } from '../errors.ts';
import { estimateCost } from './costEstimate.ts';
import type { RequestLimits } from './limitsConfig.ts';
import { longLiteralError, longVariableError } from './stringLength.ts';
import { effectiveVariables } from './variableValues.ts';

/** The operation a request runs: the named one, or the only one. */
export function selectOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export const tooExpensive = (cost: number, max: number) =>
  appError(
    'COST_ESTIMATED_TOO_EXPENSIVE',
    `The operation's estimated cost is ${cost}; at most ${max} is allowed. Ask for smaller pages (first) or fewer nested lists.`,
    { cost: { estimated: cost, max } },
  );

/**
 * The per-request limits, which depend on the variables: string lengths, then the estimated
 * cost on the values the operation will run with (sent variables and declared defaults).
 * Undefined when the request is within them.
 */
export function requestLimitError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  sentVariables: Record<string, unknown> | null | undefined,
  limits: Pick<RequestLimits, 'maxCost' | 'costListSize' | 'costPlainListSize' | 'maxStringLength'>,
): GraphQLError | undefined {
  const long =
    longLiteralError(document, limits.maxStringLength) ??
    longVariableError(sentVariables, limits.maxStringLength);
  if (long) return long;
  const operation = selectOperation(document, operationName);
  if (!operation) return undefined;
  const variables = effectiveVariables(operation, sentVariables);
  const cost = estimateCost(schema, document, operation, variables, {
    listSize: limits.costListSize,
    plainListSize: limits.costPlainListSize,
  });
  return cost > limits.maxCost ? tooExpensive(cost, limits.maxCost) : undefined;
}
