import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { env, loadConfig, subgraphConfigSchema } from '../src/config.ts';
import { traceRootFields } from '../src/observability/graphqlSpans.ts';
import { tracingEnabled } from '../src/observability/tracing.ts';
import { tracingSettingsFrom } from '../src/observability/tracingConfig.ts';

const schema = subgraphConfigSchema.extend({ PORT: env.port(0) });
const settings = (vars: Record<string, string>) =>
  tracingSettingsFrom(loadConfig('datacenter', schema, vars), 'datacenter');

describe('tracing settings from the OTEL_* variables', () => {
  it('leaves tracing off when nothing asks for it', () => {
    expect(settings({}).enabled).toBe(false);
  });

  it('turns tracing on for an OTLP endpoint, sending protobuf to its /v1/traces under the service name', () => {
    expect(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toMatchObject({
      enabled: true,
      exporter: 'otlp',
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      serviceName: 'datacenter',
    });
  });

  it('takes the traces endpoint as is, the JSON protocol, headers, resource attributes and the sampler', () => {
    expect(
      settings({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example/api/traces',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=a%3Db,x-tenant=zj',
        OTEL_SERVICE_NAME: 'dc-zj',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toMatchObject({
      enabled: true,
      url: 'https://otel.example/api/traces',
      protocol: 'http/json',
      headers: { 'x-api-key': 'a=b', 'x-tenant': 'zj' },
      serviceName: 'dc-zj',
      resourceAttributes: { 'deployment.environment': 'prod' },
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.25,
    });
  });

  it('stays off when the exporter is none or the SDK is disabled, endpoint or not', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(settings({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(settings({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
  });

  it('refuses gRPC and a bad endpoint at start-up, naming the variable', () => {
    expect(() => loadConfig('datacenter', schema, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL: must be http\/protobuf or http\/json \(gRPC is not supported by the hub\) \(got "grpc"\)/,
    );
    expect(() => loadConfig('datacenter', schema, { OTEL_EXPORTER_OTLP_ENDPOINT: 'the collector' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});

describe('with tracing off', () => {
  it('leaves the resolvers as they are (no span work per request)', () => {
    expect(tracingEnabled()).toBe(false);
    const built = buildSchema('type Query { a: String }');
    const before = built.getQueryType()!.getFields().a!.resolve;
    expect(traceRootFields(built).getQueryType()!.getFields().a!.resolve).toBe(before);
  });
});
