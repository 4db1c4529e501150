import { GraphQLError } from 'graphql';

/**
 * The project's one registry of error codes (`extensions.code`). Every expected error a
 * client can see is listed here with the HTTP status it maps to and what the caller can do.
 * docs/errors.md is generated from this table (`npm run docs:errors -w @edugraph/shared`)
 * and a test fails when the two disagree.
 */
export interface ErrorCodeSpec {
  /** HTTP status used where an error decides the response status (gateway, REST-style endpoints). */
  status: number;
  /** Which part of the hub raises it. */
  area: 'any' | 'gateway' | 'identity' | 'datacenter' | 'resources' | 'spaces' | 'sync';
  /** What it means and what the caller should do. */
  description: string;
}

export const errorCodes = {
  BAD_USER_INPUT: {
    status: 400,
    area: 'any',
    description:
      'An argument or record is invalid. `extensions.field` names the field and `extensions.record` the record when known. A string longer than allowed anywhere in the arguments or variables (default 20000 characters, `MAX_STRING_LENGTH`) is refused with `extensions.field` naming it (`$variable.path` or `field(argument)`).',
  },
  GRAPHQL_VALIDATION_FAILED: {
    status: 400,
    area: 'any',
    description: 'The operation does not match the schema.',
  },
  GRAPHQL_PARSE_FAILED: {
    status: 400,
    area: 'any',
    description: 'The operation is not valid GraphQL syntax.',
  },
  INVALID_CURSOR: {
    status: 400,
    area: 'any',
    description:
      'A pagination cursor (`after`) was not produced by this list, or was altered. Start again without `after`.',
  },
  PAGE_SIZE_OUT_OF_RANGE: {
    status: 400,
    area: 'any',
    description: "`first` is below 1 or above the list's maximum page size (`extensions.max`).",
  },
  UNAUTHENTICATED: {
    status: 401,
    area: 'any',
    description:
      'No bearer token, or the token is invalid (`extensions.reason`: expired, bad signature, wrong issuer or audience, unsupported algorithm…). Obtain a new token from the identity provider.',
  },
  FORBIDDEN: {
    status: 403,
    area: 'any',
    description:
      'The caller is known but lacks a role, a scope (`extensions.requiredScopes`) or access to the organization; or asked a subgraph for `_service { sdl }` in production without the composition secret (`x-edugraph-sdl-secret`).',
  },
  NOT_FOUND: {
    status: 404,
    area: 'any',
    description:
      "No record with that id or key is visible to the caller (records outside the caller's organization subtree are reported the same way).",
  },
  CONFLICT: {
    status: 409,
    area: 'any',
    description: 'The write conflicts with existing data (a duplicate natural key, or a stale version).',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    area: 'any',
    description:
      "The mutation's `idempotencyKey` was already used by the same caller, within 24 hours, for another mutation (`extensions.operation`) or with other arguments. A retry must repeat the first request exactly (same mutation, same arguments) and is then answered with the record the first one created; a new request needs a new key (a UUID).",
  },
  INVALID_STATE_TRANSITION: {
    status: 409,
    area: 'any',
    description:
      "The record's current status does not allow the requested change (`extensions.from`, `extensions.to`).",
  },
  BATCH_TOO_LARGE: {
    status: 413,
    area: 'any',
    description: 'A batch write holds more records than allowed (`extensions.max`). Split it.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    area: 'any',
    description:
      'A dependency (database, identity provider, subgraph; for identity, the data center that places schools) cannot be reached, or is not configured (`extensions.dependency`). Retry with back-off. A subgraph whose database is down answers it with HTTP 503.',
  },
  QUERY_TOO_DEEP: {
    status: 400,
    area: 'any',
    description:
      'The operation nests fields deeper than allowed (`extensions.max`, default 12, `MAX_DEPTH`; introspection is not counted). Query fewer levels, or in several requests. The gateway and every subgraph apply the same limits.',
  },
  TOO_MANY_TOKENS: {
    status: 400,
    area: 'any',
    description:
      'The operation text has more tokens than allowed (`extensions.max`, default 2000, `MAX_TOKENS`). Send a smaller operation.',
  },
  TOO_MANY_ALIASES: {
    status: 400,
    area: 'any',
    description:
      'The operation uses more field aliases than allowed (`extensions.max`, default 30, `MAX_ALIASES`).',
  },
  COST_ESTIMATED_TOO_EXPENSIVE: {
    status: 400,
    area: 'any',
    description:
      "The estimated cost of the operation (`extensions.cost.estimated`: objects it may return; a paginated list counts its `first` — from the operation, its variables or their declared defaults, or the page size the SDL declares as `first`'s default; at the gateway Hive's demand control counts each subgraph request of the plan by the `@listSize` declared in the subgraphs' SDL and adds them up) exceeds the limit (`extensions.cost.max`, default 5000, `MAX_COST`). The operation is refused as a whole, before or during its subgraph requests, with no data. Ask for smaller pages or fewer nested lists.",
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    area: 'any',
    description:
      'The request body is larger than allowed (`extensions.max` bytes, default 1000000, `MAX_BODY_BYTES`). Split a batch into smaller ones.',
  },
  LENGTH_REQUIRED: {
    status: 411,
    area: 'gateway',
    description: 'A POST to the gateway must declare its body size in a Content-Length header.',
  },
  RATE_LIMITED: {
    status: 429,
    area: 'gateway',
    description:
      'Too many requests in the window (one minute by default): from one user of a client (token `sub` within `client_id`, default 600, `RATE_LIMIT`; anonymous callers per address), or from all users of one client together (default 10 × the user limit, 6000, `RATE_LIMIT_PER_CLIENT`). `extensions.limit` says which (`user`, `client`, `address`). Counted across every gateway instance when `REDIS_URL` is set, per instance otherwise. Retry after `extensions.retryAfterSeconds` (also the Retry-After header).',
  },
  CSRF_PREVENTED: {
    status: 403,
    area: 'gateway',
    description:
      'A GET or a POST that is not `application/json` must carry the `x-edugraph-csrf` (or `apollo-require-preflight`) header, so a browser on another site cannot send it.',
  },
  TRUSTED_DOCUMENT_REQUIRED: {
    status: 400,
    area: 'gateway',
    description:
      'This gateway runs only trusted documents: send `extensions.persistedQuery.sha256Hash` of a registered operation instead of the query text.',
  },
  TRUSTED_DOCUMENT_NOT_FOUND: {
    status: 400,
    area: 'gateway',
    description:
      'No trusted document is registered under the hash sent in `extensions.persistedQuery.sha256Hash`.',
  },
  INTROSPECTION_DISABLED: {
    status: 400,
    area: 'gateway',
    description:
      'Schema introspection is turned off in production. Use the published schema (gateway/supergraph.graphql).',
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 502,
    area: 'gateway',
    description:
      'A subgraph (`extensions.subgraph`) did not answer or timed out; the fields it serves are null and the rest of the data is returned. Retry later.',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    area: 'any',
    description:
      'An unexpected error. Details are not shown to the caller; they are logged with the request id (`extensions.requestId`).',
  },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCodes, code);
}

/** Builds the GraphQL error for a registered code. */
export function appError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...extensions, code, http: { status: errorCodes[code].status } },
  });
}

/** Factories for the codes every service raises. */
export const errors = {
  badInput: (
    message: string,
    details: { field?: string; record?: string | number; [k: string]: unknown } = {},
  ) => appError('BAD_USER_INPUT', message, details),
  invalidCursor: () =>
    appError(
      'INVALID_CURSOR',
      'The cursor is not valid for this list; request the first page again without "after".',
    ),
  pageSize: (max: number, got: number) =>
    appError('PAGE_SIZE_OUT_OF_RANGE', `"first" must be between 1 and ${max}; got ${got}.`, { max }),
  unauthenticated: (reason: string, message = `Authentication failed: ${reason}.`) =>
    appError('UNAUTHENTICATED', message, { reason }),
  forbidden: (message: string, details: Record<string, unknown> = {}) =>
    appError('FORBIDDEN', message, details),
  missingScope: (scopes: readonly string[]) =>
    appError('FORBIDDEN', `This needs the scope ${scopes.map((s) => `"${s}"`).join(' or ')}.`, {
      requiredScopes: scopes,
    }),
  notFound: (type: string, key: string) => appError('NOT_FOUND', `${type} ${key} was not found.`, { type }),
  conflict: (message: string, details: Record<string, unknown> = {}) =>
    appError('CONFLICT', message, details),
  invalidTransition: (type: string, from: string, to: string) =>
    appError('INVALID_STATE_TRANSITION', `A ${type} cannot go from ${from} to ${to}.`, { from, to }),
  batchTooLarge: (max: number, got: number) =>
    appError('BATCH_TOO_LARGE', `A batch holds at most ${max} records; got ${got}.`, { max }),
  unavailable: (what: string) =>
    appError('SERVICE_UNAVAILABLE', `${what} is unavailable; retry shortly.`, { dependency: what }),
  internal: (requestId?: string) =>
    appError('INTERNAL_SERVER_ERROR', 'Unexpected error.', requestId ? { requestId } : {}),
};

/** Renders the registry as the markdown page docs/errors.md. */
export function renderErrorCodesDoc(): string {
  const rows = Object.entries(errorCodes as Record<string, ErrorCodeSpec>).map(
    ([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.area} | ${spec.description} |`,
  );
  return [
    '# Error codes',
    '',
    'Every expected error the hub returns carries one of these codes in `extensions.code`.',
    'Generated from `shared/src/errors.ts` by `npm run docs:errors -w @edugraph/shared`; a test keeps them in step.',
    '',
    '| code | HTTP | raised by | meaning and what to do |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
