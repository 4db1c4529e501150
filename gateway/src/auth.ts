import type { Caller } from '@edugraph/shared/auth';
import { errorCodes } from '@edugraph/shared/errors';
import type { GatewayConfig, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError, Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';

/**
 * Enforces the subgraphs' `@authenticated` and `@requiresScopes` (composed into the
 * supergraph) with Hive's generic auth plugin. The caller was verified from the bearer token
 * before the request reached GraphQL (see server.ts); here it only has to meet the directives.
 * Fields the caller may not see are removed and reported; the rest of the operation runs.
 */
export interface CallerContext {
  caller?: Caller | null;
  requestId?: string;
  /** Filled in while the request runs, for its access-log line (never the variables). */
  accessLog?: { operation?: string };
}

type ValidateParams = {
  user: Caller | null | undefined;
  fieldNode: FieldNode;
  parentType: { name: string };
  field: { name: string };
  fieldAuthArgs?: Record<string, unknown>;
  typeAuthArgs?: Record<string, unknown>;
  fieldScopes?: string[][];
  typeScopes?: string[][];
  userScopes: string[];
  path: ReadonlyArray<string | number>;
};

const satisfies = (required: string[][] | undefined, held: readonly string[]) =>
  !required?.length || required.some((all) => all.every((s) => held.includes(s)));

function denied(code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string, params: ValidateParams, extra = {}) {
  return new GraphQLError(message, {
    nodes: params.fieldNode,
    path: params.path,
    extensions: { code, http: { status: errorCodes[code].status }, ...extra },
  });
}

export function validateCaller(params: ValidateParams): GraphQLError | undefined {
  const coordinate = `${params.parentType.name}.${params.field.name}`;
  const needsCaller =
    params.fieldAuthArgs || params.typeAuthArgs || params.fieldScopes?.length || params.typeScopes?.length;
  if (!params.user && needsCaller)
    return denied(
      'UNAUTHENTICATED',
      `${coordinate} needs a signed-in caller: send "Authorization: Bearer <access token>" from the identity provider.`,
      params,
      { reason: 'no token' },
    );
  for (const required of [params.typeScopes, params.fieldScopes]) {
    if (!satisfies(required, params.userScopes)) {
      const options = required!.map((all) => all.join(' + '));
      return denied(
        'FORBIDDEN',
        `${coordinate} needs the scope ${options.map((o) => `"${o}"`).join(' or ')}; the token has ${params.userScopes.length ? params.userScopes.join(' ') : 'no scopes'}.`,
        params,
        { requiredScopes: options },
      );
    }
  }
  return undefined;
}

export function genericAuthOptions(): NonNullable<GatewayConfig<CallerContext>['genericAuth']> {
  return {
    mode: 'protect-granular',
    resolveUserFn: (context) => (context as CallerContext).caller ?? null,
    extractScopes: (caller) => [...((caller as Caller | null)?.scopes ?? [])],
    validateUser: (params) => validateCaller(params as unknown as ValidateParams),
    rejectUnauthenticated: false,
  } as NonNullable<GatewayConfig<CallerContext>['genericAuth']>;
}

/**
 * When the caller may see none of the fields asked for, generic auth leaves an operation with
 * nothing to select (or no operation at all). The JS planner answered that with empty data;
 * the Rust planner cannot parse an empty document. Answer it here with empty data, to which
 * generic auth then adds its errors (and nulls), as before.
 */
export function useEmptyOperationAnswer(): GatewayPlugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = (args.document as DocumentNode).definitions.find(
        (d): d is OperationDefinitionNode =>
          d.kind === Kind.OPERATION_DEFINITION &&
          (!args.operationName || d.name?.value === args.operationName),
      );
      if (!operation || operation.selectionSet.selections.length === 0)
        setResultAndStopExecution({ data: {} });
    },
  };
}
