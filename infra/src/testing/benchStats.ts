/** The q-quantile of sorted samples: the sample at ⌊q·n⌋ (the last one for q near 1). */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/**
 * `runs` sequential calls of `read`, timed: p50 and p99 in ms (two decimals), the number of
 * runs, and the last answer (for a bench to check against its baseline's).
 */
export async function timedReads<T>(runs: number, read: () => Promise<T>) {
  const samples: number[] = [];
  let answer: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    answer = await read();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return {
    answer: answer!,
    p50Ms: +quantile(samples, 0.5).toFixed(2),
    p99Ms: +quantile(samples, 0.99).toFixed(2),
    runs,
  };
}
