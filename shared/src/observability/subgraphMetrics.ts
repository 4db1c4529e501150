import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DatabaseCallObserver } from './databaseCalls.ts';

/**
 * A subgraph's Prometheus metrics, served on GET /metrics (OPS_TOKEN, as at the gateway):
 * requests and their latency by operation name and status, errors by `extensions.code`, the
 * latency of every database command, and Node's process metrics. Every series carries
 * `service` (identity, datacenter…).
 */
export interface SubgraphMetrics {
  registry: Registry;
  /** One finished GraphQL request: its operation (`(none)` if it never ran), status and time. */
  observeRequest(operation: string | undefined, status: number, seconds: number): void;
  countError(code: unknown): void;
  observeDatabaseCall: DatabaseCallObserver;
  /** Counts the errors of operations and of refused contexts (bad tokens) by code. */
  plugin: ApolloServerPlugin<BaseContext>;
}

const MAX_OPERATIONS = 500;
const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PREFIX = 'edugraph_subgraph_';

export function createSubgraphMetrics(service: string): SubgraphMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const requests = new Counter({
    name: `${PREFIX}requests_total`,
    help: `GraphQL requests by operation name and HTTP status (at most ${MAX_OPERATIONS} names; later ones count as "(other)").`,
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${PREFIX}request_duration_seconds`,
    help: 'Time from request to the end of the response, by operation name and HTTP status.',
    labelNames: ['operation', 'status'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${PREFIX}errors_total`,
    help: 'GraphQL errors answered, by extensions.code (unexpected errors: INTERNAL_SERVER_ERROR).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const database = new Histogram({
    name: `${PREFIX}database_command_duration_seconds`,
    help: 'Time of each database command, by command, collection and outcome (ok, error).',
    labelNames: ['command', 'collection', 'outcome'] as const,
    buckets: latencyBuckets,
    registers: [registry],
  });
  // Operation names come from clients (through the gateway): bounded, so no client can grow the registry.
  const known = new Set<string>();
  const operationLabel = (operation: string | undefined) => {
    const name = (operation ?? '(none)').slice(0, 100);
    if (known.has(name)) return name;
    if (known.size >= MAX_OPERATIONS) return '(other)';
    known.add(name);
    return name;
  };
  const countError = (code: unknown) =>
    errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
  return {
    registry,
    observeRequest(operation, status, seconds) {
      const labels = { operation: operationLabel(operation), status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    countError,
    observeDatabaseCall({ command, collection, seconds, ok }) {
      database.observe({ command, collection, outcome: ok ? 'ok' : 'error' }, seconds);
    },
    plugin: {
      async contextCreationDidFail({ error }) {
        countError((error as { extensions?: { code?: unknown } }).extensions?.code);
      },
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors: list }) {
            for (const e of list) countError(e.extensions?.code);
          },
        };
      },
    },
  };
}
