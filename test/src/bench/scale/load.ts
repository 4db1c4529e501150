import { readFileSync } from 'node:fs';
import type { GeneratedProvince } from '@edugraph/infra';
import { quantile, upsertGenerated, type ServiceName, type TestHub } from '@edugraph/infra/testing';
import type { RecordKind } from '@edugraph/shared';

/** Records per upsert call (the API's maximum) and calls in flight, as a sync job sends them. */
export const BATCH = 1000;
export const CONCURRENCY = 4;

export const SERVICES: ServiceName[] = ['identity', 'datacenter', 'resources', 'spaces', 'gateway'];

export type Kind = RecordKind;

/** Resident memory of a process in MB (0 when it is gone). */
export function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
  } catch {
    return 0;
  }
}

export const rssOfServices = (hub: TestHub) =>
  Object.fromEntries(SERVICES.map((s) => [s, rssMb(hub.pid(s))])) as Record<ServiceName, number>;

/** Samples every service's RSS until stopped; returns the highest seen per service. */
export function sampleRss(hub: TestHub, everyMs = 250) {
  const peak = rssOfServices(hub);
  const timer = setInterval(() => {
    for (const [s, mb] of Object.entries(rssOfServices(hub)) as [ServiceName, number][])
      peak[s] = Math.max(peak[s], mb);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/**
 * A token issued again before it expires (access tokens live 15 minutes; loading 1,000,000
 * students takes longer on a busy machine).
 */
export function renewingToken(issue: () => Promise<string>, renewAfterMs = 10 * 60_000) {
  let current: { token: Promise<string>; at: number } | undefined;
  return () => {
    if (!current || performance.now() - current.at > renewAfterMs)
      current = { token: issue(), at: performance.now() };
    return current.token;
  };
}

/** Sends a kind's generated records through the datacenter's upserts, 1,000 a call; returns how many were created. */
export async function upsertAll(
  hub: TestHub,
  token: () => Promise<string>,
  province: GeneratedProvince,
  kind: Kind,
  concurrency: number,
): Promise<number> {
  return (await upsertGenerated(hub, token, province, kind, { batch: BATCH, concurrency })).created;
}

/** Median and p99 of `runs` sequential calls (after two warm-ups). */
export async function timed(runs: number, call: () => Promise<void>) {
  await call();
  await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50Ms: +quantile(samples, 0.5).toFixed(1), p99Ms: +quantile(samples, 0.99).toFixed(1) };
}
