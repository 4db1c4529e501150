import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { ExecutionResult } from 'graphql';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics served on GET /metrics: requests, latency, errors by code and the
 * latency of every subgraph fetch, plus Node's process metrics (CPU, memory, event loop).
 */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<'status'>;
  duration: Histogram<'status'>;
  errors: Counter<'code'>;
  subgraphFetch: Histogram<'subgraph' | 'outcome'>;
  subgraphErrors: Counter<'subgraph' | 'code'>;
  /** Counts one finished request of an operation (its name, or `(none)` when refused before it ran). */
  observeOperation(operation: string | undefined, status: number, seconds: number): void;
  /** The plugin counting GraphQL errors by code and timing subgraph fetches. */
  plugin: GatewayPlugin;
}

const MAX_OPERATIONS = 500;
const latencyBuckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'edugraph_gateway_' });
  const requests = new Counter({
    name: 'edugraph_gateway_requests_total',
    help: 'HTTP requests to the GraphQL endpoint, by response status.',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'edugraph_gateway_request_duration_seconds',
    help: 'Time from request to the end of the response, by response status.',
    labelNames: ['status'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'edugraph_gateway_errors_total',
    help: 'GraphQL errors returned to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const subgraphFetch = new Histogram({
    name: 'edugraph_gateway_subgraph_fetch_duration_seconds',
    help: 'Time of each subgraph request, by subgraph and outcome (ok, error).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });

  const subgraphErrors = new Counter({
    name: 'edugraph_gateway_subgraph_errors_total',
    help: 'Errors in subgraph answers (after naming), by subgraph and extensions.code.',
    labelNames: ['subgraph', 'code'] as const,
    registers: [registry],
  });
  const operations = new Histogram({
    name: 'edugraph_gateway_operation_duration_seconds',
    help: `Time of each GraphQL request by operation name and status (at most ${MAX_OPERATIONS} names; later ones count as "(other)").`,
    labelNames: ['operation', 'status'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  // Operation names come from clients: bounded, so a client cannot grow the registry without end.
  const knownOperations = new Set<string>();
  const observeOperation = (operation: string | undefined, status: number, seconds: number) => {
    let name = operation ?? '(none)';
    if (!knownOperations.has(name)) {
      if (knownOperations.size >= MAX_OPERATIONS) name = '(other)';
      else knownOperations.add(name);
    }
    operations.observe({ operation: name.slice(0, 100), status: String(status) }, seconds);
  };

  const countErrors = (result: ExecutionResult) => {
    for (const e of result.errors ?? []) {
      const code = e.extensions?.code;
      errors.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
    }
  };

  const plugin: GatewayPlugin = {
    onSubgraphExecute({ subgraphName }) {
      const end = subgraphFetch.startTimer({ subgraph: subgraphName });
      return ({ result }) => {
        if (Symbol.asyncIterator in result) {
          end({ outcome: 'ok' });
          return;
        }
        end({ outcome: result.errors?.length && !result.data ? 'error' : 'ok' });
        for (const e of result.errors ?? []) {
          const code = e.extensions?.code;
          subgraphErrors.inc({ subgraph: subgraphName, code: typeof code === 'string' ? code : 'UNKNOWN' });
        }
      };
    },
    onResultProcess({ result }) {
      if (Array.isArray(result)) for (const r of result) countErrors(r as ExecutionResult);
      else if (!(Symbol.asyncIterator in (result as object))) countErrors(result as ExecutionResult);
    },
  };

  return { registry, requests, duration, errors, subgraphFetch, subgraphErrors, observeOperation, plugin };
}
