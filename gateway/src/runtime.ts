import { readFileSync } from 'node:fs';
import type { DeepReadonly } from '@edugraph/shared/config';
import { appError } from '@edugraph/shared/errors';
import type { Logger } from '@edugraph/shared/logger';
import { OPERATION_NAME_HEADER } from '@edugraph/shared/request-context';
import {
  Logger as HiveLogger,
  createGatewayRuntime,
  type GatewayConfig as HiveConfig,
  type GatewayRuntime,
  type GatewayPlugin,
  type LogLevel,
} from '@graphql-hive/gateway-runtime';
import { Kind, type DocumentNode } from 'graphql';
import httpTransport from '@graphql-mesh/transport-http';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { useEmptyOperationAnswer, type CallerContext } from './auth.ts';
import { useCachedGenericAuth } from './authCache.ts';
import type { GatewayConfig } from './config.ts';
import { useSubgraphRequestSharing } from './dedupe.ts';
import { useCostDocumentRestored, useWholeCostRefusal, withInlinedFragments } from './demandControl.ts';
import { useStableDocuments } from './stableDocument.ts';
import { useSubgraphTimeout } from './subgraphTimeout.ts';
import { createMaskError, useSubgraphErrorNaming } from './errorHandling.ts';
import { useOperationLimits } from './limits.ts';
import type { GatewayMetrics } from './metrics.ts';
import { tracingPlugins } from './tracing.ts';

const operationNameOf = (document: DocumentNode) => {
  for (const d of document.definitions)
    if (d.kind === Kind.OPERATION_DEFINITION) return d.name?.value ?? `(anonymous ${d.operation})`;
  return undefined;
};

/**
 * The Hive Gateway runtime with only the features the hub uses: generic auth for the
 * directives, header propagation, limits, demand control, trusted documents, CORS, error
 * masking, subgraph timeouts. No response cache, no usage reporting, no landing page.
 */
export type HubRuntime = GatewayRuntime<CallerContext>;

/**
 * A GraphQL error the runtime logs that is the client's own (a variable of the wrong type…): it
 * is answered to the client, and its message may quote the variable's value.
 */
const isClientError = (attrs: unknown) => {
  const status = (attrs as { extensions?: { http?: { status?: number } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' && status < 500;
};

/** Hive's own log lines go through the service's pino logger (never a client's error with its values). */
function hiveLogger(logger: Logger, level: string): HiveLogger {
  const hiveLevel: LogLevel | false = ['fatal', 'silent'].includes(level) ? false : (level as LogLevel);
  return new HiveLogger({
    level: hiveLevel,
    writers: [
      {
        write(lvl, attrs, msg) {
          if (isClientError(attrs)) return;
          logger[lvl]({ hive: attrs ?? undefined }, msg ?? '');
        },
      },
    ],
  });
}

/** Reads a trusted-documents manifest: `{ "<sha256>": "<document>" }` or `{ operations: [{ id, body }] }`. */
export function readTrustedDocuments(path: string): Map<string, string> {
  const json = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const docs = new Map<string, string>();
  if (json && typeof json === 'object' && Array.isArray((json as { operations?: unknown }).operations)) {
    for (const op of (json as { operations: { id: string; body: string }[] }).operations)
      docs.set(op.id, op.body);
  } else if (json && typeof json === 'object') {
    for (const [id, body] of Object.entries(json)) if (typeof body === 'string') docs.set(id, body);
  }
  return docs;
}

const GRAPHIQL_QUERY = `# EduGraph: one graph over identity, datacenter, resources and spaces.
# Fields that need a caller want "Authorization: Bearer <access token>" (Headers, below).
{ __typename }
`;

type GraphiQLOptions = Parameters<NonNullable<HiveConfig<CallerContext>['renderGraphiQL']>>[0];

/**
 * The page is ~9 MB (the IDE inlined): its module is loaded on the first visit (never in
 * production, where the IDE is off: it costs start-up time and memory), and the page rendered
 * once per set of options, not per visit.
 */
const renderedGraphiQL = new Map<string, Promise<string>>();
function renderGraphiQLOnce(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options ?? {});
  let page = renderedGraphiQL.get(key);
  if (page === undefined) {
    page = import('@graphql-yoga/render-graphiql').then((m) => m.renderGraphiQL(options));
    renderedGraphiQL.set(key, page);
  }
  return page;
}

export function createHubRuntime(
  config: DeepReadonly<GatewayConfig>,
  supergraphSdl: string,
  deps: { logger: Logger; metrics: GatewayMetrics },
): HubRuntime {
  const { limits } = config;
  const trusted = config.trustedDocumentsPath ? readTrustedDocuments(config.trustedDocumentsPath) : undefined;
  const options: HiveConfig<CallerContext> = {
    supergraph: supergraphSdl,
    // The Rust query planner (3× the JS planner's throughput, 199/199 in the federation audit).
    // (Its subgraph requests are shown to the hooks with fragments inlined: demandControl.ts.)
    unifiedGraphHandler: withInlinedFragments(unifiedGraphHandler),
    transports: { http: httpTransport },
    // The HTTP executor's own sharing of identical requests keys on every header (our per-request
    // x-request-id makes each unique) and still copies every answer (structuredClone) for callers
    // that could have shared it: off, dedupe.ts shares and copies only for callers that joined.
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    // The router runtime batches entity fetches in its plan already; the generic batching of
    // concurrent requests to one subgraph (a DataLoader per fetch) would also merge requests
    // before our hooks, and demandControl.ts shows the hooks each request as planned.
    __experimental__batchExecution: false,
    logging: hiveLogger(deps.logger, config.logLevel),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.production ? false : { title: 'EduGraph', defaultQuery: GRAPHIQL_QUERY },
    // The IDE's scripts, styles and editor workers inlined in the page (no CDN: it works offline).
    renderGraphiQL: renderGraphiQLOnce,
    // Readiness, health and request ids are served by server.ts.
    healthCheckEndpoint: '/__hive_healthz',
    readinessCheckEndpoint: '/__hive_readyz',
    requestId: false,
    cors:
      config.corsOrigins.length > 0
        ? {
            origin: [...config.corsOrigins],
            credentials: true,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type', 'x-request-id', 'x-edugraph-csrf'],
          }
        : false,
    maskedErrors: { maskError: createMaskError(deps.logger, { production: config.production }) },
    propagateHeaders: {
      fromClientToSubgraphs({ request, context }) {
        const headers: Record<string, string> = {};
        const authorization = request.headers.get('authorization');
        if (authorization) headers.authorization = authorization;
        const requestId = (context as CallerContext).requestId;
        if (requestId) headers['x-request-id'] = requestId;
        // The Rust planner sends subgraphs unnamed operations: the client's name travels in a
        // header, for the subgraphs' personal-data access log and logs.
        const operation = (context as CallerContext).accessLog?.operation;
        if (operation) headers[OPERATION_NAME_HEADER] = operation;
        return headers;
      },
    },
    // SUBGRAPH_TIMEOUT_MS: useSubgraphTimeout below (Hive's upstreamTimeout cost ~3 % of the CPU).
    // Hive's demand control: every subgraph request the plan makes is costed before it is sent
    // (objects it may return: `@listSize` on paginated fields counts their `first`, the SDL
    // default included; other lists COST_PLAIN_LIST_SIZE), on the variables the runtime coerced
    // (declared defaults included), added up per request; over MAX_COST the request is refused
    // (demandControl.ts gives it the whole answer, HTTP 400).
    demandControl: {
      maxCost: limits.maxCost,
      listSize: limits.costPlainListSize,
      includeExtensionMetadata: false,
    },
    // Identical operations of one caller arriving together run once (the answer depends only
    // on the operation, its variables and the token).
    inboundInflightRequestDeduplication: { shouldIncludeHeader: (name) => name === 'authorization' },
    subgraphErrors: false,
    plugins: () => [
      // OpenTelemetry first, so its spans wrap everything after it (none when tracing is off).
      ...tracingPlugins(),
      // First: the subgraph hooks below and the transport see the planner's own request.
      useCostDocumentRestored(),
      // Hive's generic auth, its clean verdicts remembered (authCache.ts).
      useCachedGenericAuth(),
      useEmptyOperationAnswer(),
      useStableDocuments(),
      useOperationLimits({ ...limits, production: config.production }),
      useWholeCostRefusal(),
      {
        onExecute({ args }) {
          const note = (args.contextValue as CallerContext).accessLog;
          if (note) note.operation = args.operationName ?? operationNameOf(args.document);
        },
      } satisfies GatewayPlugin,
      // Before the sharing: it wraps the request that is sent, which joined callers wait for.
      useSubgraphTimeout(limits.subgraphTimeoutMs),
      useSubgraphRequestSharing(),
      useSubgraphErrorNaming(deps.logger),
      deps.metrics.plugin,
    ],
  };
  if (trusted) {
    options.persistedDocuments = {
      getPersistedOperation: (id: string) => trusted.get(id) ?? null,
      allowArbitraryDocuments: !config.requireTrustedDocuments,
      customErrors: {
        notFound: () =>
          appError('TRUSTED_DOCUMENT_NOT_FOUND', 'No trusted document is registered under this hash.'),
        keyNotFound: () =>
          appError(
            'TRUSTED_DOCUMENT_REQUIRED',
            'Send extensions.persistedQuery.sha256Hash of a trusted document.',
          ),
        persistedQueryOnly: () =>
          appError(
            'TRUSTED_DOCUMENT_REQUIRED',
            'This gateway runs only trusted documents; send the hash, not the query.',
          ),
      },
    };
  }
  return createGatewayRuntime<CallerContext>(options);
}
