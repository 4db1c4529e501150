import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import type { Caller } from './auth/caller.ts';
import type { TokenVerifier } from './auth/verifyToken.ts';
import type { ReadinessCheck } from './health.ts';
import { createServiceHttpServer, type RouteHandler } from './httpServer.ts';
import { closeServer, listen } from './lifecycle.ts';
import type { Logger } from './logger.ts';
import { operationSpanPlugin, traceRootFields } from './observability/graphqlSpans.ts';
import { requestNotePlugin } from './observability/requestNote.ts';
import type { SubgraphMetrics } from './observability/subgraphMetrics.ts';
import { tracingEnabled } from './observability/tracing.ts';
import { defaultRequestLimits, type RequestLimits } from './limits/limitsConfig.ts';
import { hasOpsAccess } from './limits/opsAccess.ts';
import { subgraphLimitsPlugin } from './limits/subgraphLimits.ts';
import { createErrorMasker } from './maskError.ts';
import type { AccessLog } from './personalData/accessLog.ts';
import { accessLogPlugin } from './personalData/accessLogPlugin.ts';
import { createAccessRecorder } from './personalData/accessRecorder.ts';
import { personalDataDirective, type PersonalDataOptions } from './personalData/directive.ts';
import { withPersonalDataSdl } from './personalData/sdl.ts';
import { validateRepresentations } from './validation/representations.ts';

export interface SubgraphOptions<C extends BaseContext> {
  service: string;
  logger: Logger;
  /** Path of the subgraph's SDL file (`src/schema.graphql`). */
  schemaFile: string | URL;
  resolvers: GraphQLResolverMap<any>;
  /** Applied to the built schema before the shared personal-data masking. */
  transformSchema?: (schema: GraphQLSchema) => GraphQLSchema;
  /** How `@personalData` recognises a caller's own record (identity's User). */
  personalData?: PersonalDataOptions;
  /** Where answers that returned unmasked personal data are recorded (PIPL). */
  accessLog?: AccessLog;
  verifier: TokenVerifier;
  /** Builds the rest of the per-request context from the verified caller (loaders…). */
  context: (caller: Caller | null, req: IncomingMessage, requestId: string) => C | Promise<C>;
  readiness: readonly ReadinessCheck[];
  routes?: readonly RouteHandler[];
  introspection?: boolean;
  /** Request limits (the gateway's, applied here too); defaults to the documented defaults. */
  limits?: RequestLimits;
  /**
   * Production: no field suggestions in errors, `_service` only with `sdlSecret`, operational
   * endpoints only with `opsToken`.
   */
  production?: boolean;
  /** OPS_TOKEN: bearer token for the detailed `/readyz`. */
  opsToken?: string | undefined;
  /** SDL_ACCESS_SECRET: lets composition tooling read `_service { sdl }` in production. */
  sdlSecret?: string | undefined;
  /** Prometheus metrics served on `/metrics` (same access rule as the detailed `/readyz`). */
  metrics?: SubgraphMetrics;
}

export interface RunningSubgraph {
  url: string;
  server: Server;
  stop: () => Promise<void>;
}

export interface Subgraph {
  apollo: ApolloServer<any>;
  server: Server;
  /** Starts Apollo and listens; resolves with the base URL (GraphQL at `${url}/graphql`). */
  listen: (port: number, host?: string) => Promise<RunningSubgraph>;
}

/**
 * One federated subgraph over HTTP: SDL from its file, Apollo Server with the project's error
 * masking, the caller verified from the forwarded bearer token on every request (zero trust:
 * a subgraph reached directly is as safe as through the gateway), health and readiness.
 */
export function createSubgraph<C extends BaseContext>(
  options: SubgraphOptions<C & { caller: Caller | null }>,
): Subgraph {
  const typeDefs = parse(withPersonalDataSdl(readFileSync(options.schemaFile, 'utf8')));
  let schema = buildSubgraphSchema([{ typeDefs, resolvers: options.resolvers }]);
  if (options.transformSchema) schema = options.transformSchema(schema);
  schema = validateRepresentations(personalDataDirective(schema, options.personalData));
  // Root-field spans (tracing on only): the resolvers the gateway calls, their database calls under them.
  schema = traceRootFields(schema);
  const { limits = defaultRequestLimits, production = false } = options;
  const apollo = new ApolloServer<C & { caller: Caller | null }>({
    schema,
    formatError: createErrorMasker(options.logger, { maxTokens: limits.maxTokens, production }),
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No schema carries @cacheControl and no gateway caches: the plugin only wrapped every
      // field resolver (a hook call per field, 6,000 for one upsert's results) to answer
      // `no-store`, which the HTTP server now sends itself (httpServer.ts).
      ApolloServerPluginCacheControlDisabled(),
      subgraphLimitsPlugin({ limits, production, sdlSecret: options.sdlSecret }),
      ...(options.accessLog ? [accessLogPlugin(options.accessLog, options.logger)] : []),
      // Context-free plugins (they read only what they put in the context themselves).
      ...([
        requestNotePlugin(),
        ...(options.metrics ? [options.metrics.plugin] : []),
        ...(tracingEnabled() ? [operationSpanPlugin()] : []),
      ] as ApolloServerPlugin<C & { caller: Caller | null }>[]),
    ],
  });
  const server = createServiceHttpServer({
    service: options.service,
    logger: options.logger,
    apollo,
    readiness: options.readiness,
    routes: options.routes,
    maxBodyBytes: limits.maxBodyBytes,
    detailAccess: (req) => hasOpsAccess(req.headers, { opsToken: options.opsToken, production }),
    metrics: options.metrics,
    context: async (req, requestId, note) => {
      const caller = await options.verifier.callerFromHeader(req.headers.authorization);
      if (caller?.clientId) note.client = caller.clientId;
      const context = await options.context(caller, req, requestId);
      return Object.assign(context, {
        personalDataAccess: createAccessRecorder(),
        personalDataLog: options.accessLog,
        requestNote: note,
      });
    },
  });
  return {
    apollo,
    server,
    async listen(port, host = '127.0.0.1') {
      await apollo.start();
      const url = await listen(server, port, host);
      options.logger.info({ url: `${url}/graphql` }, `${options.service} subgraph listening`);
      return {
        url,
        server,
        stop: async () => {
          await closeServer(server);
          await apollo.stop();
        },
      };
    },
  };
}
