import { valueFromASTUntyped, type OperationDefinitionNode } from 'graphql';

/**
 * The variable values an operation will run with: those sent, and for the others the default
 * declared on the operation (`query($n: Int = 1000)`) — what graphql-js's coercion gives, so
 * estimates agree with execution. Untyped on purpose: the schema may come from another copy of
 * graphql (CommonJS vs ESM build) where the typed coercion's instanceof checks fail.
 */
export function effectiveVariables(
  operation: OperationDefinitionNode,
  sent: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (sent && Object.hasOwn(sent, name)) values[name] = sent[name];
    else if (definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return values;
}
