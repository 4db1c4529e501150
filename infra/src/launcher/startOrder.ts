/**
 * How the hub's services start: all at once, `npm start` and the scale benchmark alike.
 *
 * Nothing orders them. A subgraph needs only its database to start: identity's keys (JWKS) are
 * fetched by the others on the first token they verify, and peers (identity → datacenter,
 * spaces → identity and datacenter, resources → datacenter) are asked per request. The gateway
 * reads its supergraph from a file, and its `/readyz` answers 200 only once every subgraph
 * answers, so waiting for all five `/readyz` is waiting for the subgraphs first. Each service's
 * start is CPU-bound (Node loading its modules), so on a machine with N cores starting them
 * together takes about the sum of their CPU divided by N instead of the sum of their wall times.
 */
export interface ColdStart<S extends string> {
  /** From the first start to the last service ready. */
  wholeStackMs: number;
  /** Each service's own start to ready (they overlap). */
  perServiceMs: Record<S, number>;
}

/**
 * Runs `start` (start a service and wait until it is ready) for every service at once; resolves
 * with the timings when all are ready, rejects with the first failure once every start settled
 * (so the caller stops all of them, none still starting).
 */
export async function startTogether<S extends string>(
  services: readonly S[],
  start: (service: S) => Promise<void>,
): Promise<ColdStart<S>> {
  const began = performance.now();
  const perServiceMs = {} as Record<S, number>;
  const results = await Promise.allSettled(
    services.map(async (s) => {
      const t = performance.now();
      await start(s);
      perServiceMs[s] = Math.round(performance.now() - t);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return { wholeStackMs: Math.round(performance.now() - began), perServiceMs };
}
