/**
 * How the hub's services start, `npm start` and the scale benchmark alike: the four subgraphs at
 * once, then the gateway once they are ready.
 *
 * Nothing orders the subgraphs. A subgraph needs only its database to start: identity's keys
 * (JWKS) are fetched by the others on the first token they verify, and peers (identity →
 * datacenter, spaces → identity and datacenter, resources → datacenter) are asked per request.
 * The gateway could start with them (it reads its supergraph from a file and its `/readyz` waits
 * for every subgraph), but measured it is slower so: its own loading and its readiness probes
 * compete with the subgraphs' start (whole stack 15.8–17.8 s all five at once, 11.1–12.3 s
 * subgraphs then gateway, 12.7–16.5 s one after the other; same runs, load 14–17, 2 cores).
 */
export const GATEWAY = 'gateway';

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

/** The subgraphs together, then the gateway: the timings of both waves. */
export async function startInWaves<S extends string>(
  services: readonly S[],
  start: (service: S) => Promise<void>,
): Promise<ColdStart<S>> {
  const began = performance.now();
  const subgraphs = await startTogether(
    services.filter((s) => s !== GATEWAY),
    start,
  );
  const gateway = await startTogether(
    services.filter((s) => s === GATEWAY),
    start,
  );
  return {
    wholeStackMs: Math.round(performance.now() - began),
    perServiceMs: { ...subgraphs.perServiceMs, ...gateway.perServiceMs },
  };
}
