import type { Logger } from '@edugraph/shared/logger';
import { startTracing, type Tracing, type TracingSettings } from '@edugraph/shared/observability';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * The gateway's OpenTelemetry tracing: the hub's shared tracer provider and OTLP exporter
 * (`@edugraph/shared/observability`, standard OTEL_* variables) with Hive's own plugin
 * (`@graphql-hive/plugin-opentelemetry`) making the spans — the HTTP request continuing the
 * client's `traceparent`, the GraphQL operation (parse, validate, execute), each subgraph call
 * and its upstream fetch, which carries `traceparent` on so the subgraphs' spans join the trace.
 * Off by default; then the plugin is not even loaded.
 */
let plugin: (() => GatewayPlugin) | undefined;

export async function startGatewayTracing(settings: TracingSettings, logger: Logger): Promise<Tracing> {
  const tracing = await startTracing(settings, logger);
  if (tracing.enabled) {
    const { useOpenTelemetry } = await import('@graphql-hive/plugin-opentelemetry');
    plugin = () =>
      useOpenTelemetry({
        traces: true,
        inheritContext: true,
        propagateContext: true,
        useContextManager: true,
        // The document is on the span already; the Hive usage hash would cost a normalisation per request.
        hashOperation: null,
      }) as GatewayPlugin;
  }
  return tracing;
}

/** The plugins a new runtime gets: Hive's OpenTelemetry plugin once tracing is on, else none. */
export const tracingPlugins = (): GatewayPlugin[] => (plugin ? [plugin()] : []);
