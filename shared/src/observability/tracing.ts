import { context, propagation, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../logger.ts';
import type { TracingSettings } from './tracingConfig.ts';

/**
 * The process's OpenTelemetry tracing: a tracer provider with a batching OTLP (HTTP) exporter,
 * AsyncLocalStorage context and the W3C trace-context + baggage propagators, registered as the
 * API's globals so Hive's gateway plugin and our own spans share them. When tracing is off
 * nothing of the SDK is even loaded, and the hub's hooks check `tracingEnabled()` and step
 * aside: zero cost per request.
 */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports what is buffered and stops; safe to call twice. */
  shutdown(): Promise<void>;
}

let started: { shutdown: () => Promise<void> } | undefined;
let tracer: Tracer | undefined;

export const tracingEnabled = (): boolean => started !== undefined;

/**
 * What a failed span says of its error: its code or class, never its message (a duplicate-key
 * message quotes the key's value, an ID number perhaps).
 */
export function failSpan(span: Span, err: unknown): void {
  const e = err as {
    extensions?: { code?: unknown };
    code?: unknown;
    codeName?: unknown;
    name?: unknown;
  } | null;
  const label = e?.extensions?.code ?? e?.codeName ?? e?.code ?? e?.name ?? 'Error';
  span.setAttribute('error.type', String(label));
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(label) });
}

/** The hub's tracer (instrumentation scope `edugraph`); only meaningful when tracing is on. */
export function hubTracer(): Tracer {
  return (tracer ??= trace.getTracer('edugraph'));
}

const off: Tracing = { enabled: false, shutdown: async () => undefined };

/**
 * GraphQL documents never leave in a span (Hive's plugin records the client's and each
 * subgraph's): a literal in one may be an ID number, and the hub logs no query text either.
 * The operation's name and type stay; exceptions keep their type only.
 */
export const DROPPED_ATTRIBUTES = ['graphql.document'];
const dropDocuments: SpanProcessor = {
  onStart: () => undefined,
  onEnding(span) {
    const attributes = span.attributes as Record<string, unknown>;
    for (const key of DROPPED_ATTRIBUTES) delete attributes[key];
    // Exceptions Hive records keep their type, not their message or stack (which may quote values).
    for (const event of span.events)
      if (event.name === 'exception' && event.attributes) {
        const a = event.attributes as Record<string, unknown>;
        delete a['exception.message'];
        delete a['exception.stacktrace'];
      }
  },
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

async function createSampler(settings: TracingSettings) {
  const sdk = await import('@opentelemetry/sdk-trace-base');
  const ratio = new sdk.TraceIdRatioBasedSampler(settings.samplerRatio);
  switch (settings.sampler) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: ratio });
    default:
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}

async function createExporter(settings: TracingSettings) {
  if (settings.exporter === 'console')
    return new (await import('@opentelemetry/sdk-trace-base')).ConsoleSpanExporter();
  const options = { url: settings.url, headers: settings.headers };
  if (settings.protocol === 'http/json')
    return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(options);
  return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter(options);
}

/**
 * Starts tracing once per process when the settings ask for it (a second call — several
 * services in one test process — reuses the first provider).
 */
export async function startTracing(settings: TracingSettings, logger?: Logger): Promise<Tracing> {
  if (!settings.enabled) return off;
  if (started) return { enabled: true, shutdown: started.shutdown };
  const [sdk, core, resources, hooks] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/context-async-hooks'),
  ]);
  const provider = new sdk.BasicTracerProvider({
    resource: resources.resourceFromAttributes({
      ...settings.resourceAttributes,
      'service.name': settings.serviceName,
    }),
    sampler: await createSampler(settings),
    spanProcessors: [
      dropDocuments,
      new sdk.BatchSpanProcessor(await createExporter(settings), {
        scheduledDelayMillis: settings.scheduleDelayMs,
      }),
    ],
  });
  context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= provider.shutdown().catch((err: unknown) => {
      logger?.warn({ err }, 'exporting the last traces failed');
    }));
  started = { shutdown };
  logger?.info(
    { exporter: settings.exporter, url: settings.exporter === 'otlp' ? settings.url : undefined },
    'tracing on',
  );
  return { enabled: true, shutdown };
}
