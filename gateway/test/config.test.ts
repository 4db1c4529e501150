import { ConfigError } from '@edugraph/shared/config';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../src/config.ts';

describe('gateway configuration', () => {
  it('leaves tracing off by default and turns it on with an OTLP endpoint, under the name gateway', () => {
    expect(readGatewayConfig({}, []).tracing.enabled).toBe(false);
    expect(
      readGatewayConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, []).tracing,
    ).toMatchObject({
      enabled: true,
      serviceName: 'gateway',
      url: 'http://collector:4318/v1/traces',
    });
    expect(() => readGatewayConfig({ OTEL_TRACES_EXPORTER: 'jaeger' }, [])).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('takes the supergraph, address and subgraph URLs from the command line over the environment', () => {
    const config = readGatewayConfig(
      {
        PORT: '4000',
        IDENTITY_URL: 'http://127.0.0.1:4001',
        DATACENTER_URL: 'http://127.0.0.1:4002/graphql',
      },
      [
        '--supergraph',
        '/tmp/other.graphql',
        '--port',
        '5055',
        '--subgraph',
        'datacenter=http://10.0.0.2:4002/graphql',
      ],
    );
    expect(config.supergraphPath).toBe('/tmp/other.graphql');
    expect(config.port).toBe(5055);
    expect(config.subgraphUrls).toEqual({
      identity: 'http://127.0.0.1:4001/graphql',
      datacenter: 'http://10.0.0.2:4002/graphql',
    });
    expect(config.production).toBe(false);
  });

  it('documents its defaults: limits on, trusted documents required in production once a manifest is set', () => {
    const dev = readGatewayConfig({}, []);
    expect(dev.limits).toMatchObject({
      maxDepth: 12,
      maxTokens: 2000,
      maxAliases: 30,
      maxCost: 5000,
      rateLimit: 600,
      rateLimitPerClient: 6000,
    });
    expect(readGatewayConfig({ RATE_LIMIT: '50' }, []).limits.rateLimitPerClient).toBe(500);
    expect(readGatewayConfig({ RATE_LIMIT_PER_CLIENT: '70' }, []).limits.rateLimitPerClient).toBe(70);
    expect(dev.requireTrustedDocuments).toBe(false);
    const prod = readGatewayConfig(
      { NODE_ENV: 'production', TRUSTED_DOCUMENTS_PATH: '/etc/edugraph/trusted.json' },
      [],
    );
    expect(prod.requireTrustedDocuments).toBe(true);
  });

  it('refuses bad settings with a message naming them', () => {
    expect(() => readGatewayConfig({}, ['--port', 'eighty'])).toThrow(/--port: must be a port number/);
    expect(() => readGatewayConfig({ MAX_DEPTH: '0' }, [])).toThrow(ConfigError);
    expect(() => readGatewayConfig({ SUBGRAPH_URLS: 'datacenter' }, [])).toThrow(
      /SUBGRAPH_URLS: "datacenter" must be name=url/,
    );
    expect(() => readGatewayConfig({ REQUIRE_TRUSTED_DOCUMENTS: 'true' }, [])).toThrow(
      /needs TRUSTED_DOCUMENTS_PATH/,
    );
  });
});
