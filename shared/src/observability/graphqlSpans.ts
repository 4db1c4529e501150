import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { OPERATION_NAME_HEADER, operationNameFrom } from '../requestContext.ts';
import { failSpan, hubTracer, tracingEnabled } from './tracing.ts';

/** Where the operation's span is kept in the GraphQL context, for the root-field spans under it. */
const OPERATION_SPAN = Symbol('edugraph.operationSpan');

type WithSpan = { [OPERATION_SPAN]?: Context };

/**
 * The subgraph operation's span (`query Name`, attributes `graphql.operation.*`, error codes),
 * a child of the request's server span. Only installed when tracing is on.
 */
export function operationSpanPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      let span: Span | undefined;
      return {
        async didResolveOperation({ operation, operationName, request, contextValue }) {
          const name = operationNameFrom(operationName, request.http?.headers.get(OPERATION_NAME_HEADER));
          const type = operation?.operation ?? 'query';
          span = hubTracer().startSpan(`${type} ${name ?? '(anonymous)'}`, {
            attributes: {
              'graphql.operation.type': type,
              ...(name ? { 'graphql.operation.name': name } : {}),
            },
          });
          (contextValue as WithSpan)[OPERATION_SPAN] = trace.setSpan(context.active(), span);
        },
        async didEncounterErrors({ errors }) {
          const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          span?.setAttribute('graphql.error.codes', codes);
          span?.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(', ') });
        },
        async willSendResponse() {
          span?.end();
        },
      };
    },
  };
}

/**
 * Spans for the resolvers of note — every Query and Mutation field, `_entities` included (what
 * the gateway asks a subgraph for): each runs inside its span, so its database calls nest under
 * it. Wraps the schema's root fields in place; call only when tracing is on.
 */
export function traceRootFields(schema: GraphQLSchema): GraphQLSchema {
  if (!tracingEnabled()) return schema;
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const name = `${type.name}.${field.name}`;
      field.resolve = (source, args, ctx: WithSpan, info) => {
        const parent = ctx?.[OPERATION_SPAN] ?? context.active();
        return hubTracer().startActiveSpan(
          name,
          {
            attributes: {
              'graphql.field.path': info.fieldName,
              'graphql.field.type': String(info.returnType),
            },
          },
          parent,
          async (span) => {
            try {
              return await resolve(source, args, ctx, info);
            } catch (err) {
              failSpan(span, err);
              throw err;
            } finally {
              span.end();
            }
          },
        );
      };
    }
  }
  return schema;
}
