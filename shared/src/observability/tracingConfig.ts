import { z } from 'zod';

/**
 * The standard OpenTelemetry variables (opentelemetry.io "SDK environment variables") that the
 * hub honours, as zod fields each service's config module spreads into its schema: they are
 * read there, validated once, never looked up anywhere else. Tracing is **off unless asked
 * for**: OTEL_TRACES_EXPORTER=otlp (or console), or an OTLP endpoint set without an exporter
 * named. OTLP goes over HTTP, protobuf (default) or JSON; gRPC is not offered.
 */
const protocol = z.enum(['http/protobuf', 'http/json'], {
  error: 'must be http/protobuf or http/json (gRPC is not supported by the hub)',
});

export const tracingConfigFields = {
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
  /** Overrides the service's own name (`gateway`, `identity`…) in the traces' resource. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** `key=value,key=value` added to the resource (deployment.environment, service.instance.id…). */
  OTEL_RESOURCE_ATTRIBUTES: z.string().default(''),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).optional(),
  /** Base URL; traces go to `${endpoint}/v1/traces`. Default http://localhost:4318. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The full traces URL, used as is. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol.optional(),
  /** `key=value,key=value` sent with every export (e.g. an API key of the collector). */
  OTEL_EXPORTER_OTLP_HEADERS: z.string().default(''),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().default(''),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on'),
  /** The ratio for the `traceidratio` samplers, 0..1. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** Milliseconds between two batch exports. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).default(5000),
};

const tracingEnvSchema = z.object(tracingConfigFields);
export type TracingEnv = z.infer<typeof tracingEnvSchema>;

export interface TracingSettings {
  enabled: boolean;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  exporter: 'otlp' | 'console';
  url: string;
  protocol: 'http/protobuf' | 'http/json';
  headers: Record<string, string>;
  sampler: TracingEnv['OTEL_TRACES_SAMPLER'];
  samplerRatio: number;
  scheduleDelayMs: number;
}

/** `a=1,b=2` (values percent-decoded, as the spec says) into a record. */
function keyValues(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    out[item.slice(0, at).trim()] = decodeURIComponent(item.slice(at + 1).trim());
  }
  return out;
}

/** The tracing settings of one service from its parsed config; `service` names it by default. */
export function tracingSettingsFrom(e: Partial<TracingEnv>, service: string): TracingSettings {
  const env = tracingEnvSchema.parse(e);
  const endpointSet = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const exporter = env.OTEL_TRACES_EXPORTER ?? (endpointSet ? 'otlp' : 'none');
  const base = (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318').replace(/\/$/, '');
  return {
    enabled: env.OTEL_SDK_DISABLED !== 'true' && exporter !== 'none',
    serviceName: env.OTEL_SERVICE_NAME ?? service,
    resourceAttributes: keyValues(env.OTEL_RESOURCE_ATTRIBUTES),
    exporter: exporter === 'console' ? 'console' : 'otlp',
    url: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${base}/v1/traces`,
    protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    headers: {
      ...keyValues(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...keyValues(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
    sampler: env.OTEL_TRACES_SAMPLER,
    samplerRatio: env.OTEL_TRACES_SAMPLER_ARG,
    scheduleDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
  };
}
