/**
 * Hands the items of `source` to `handle` in batches of `size`, with `workers` batches in flight
 * at once: each worker takes the next batch as soon as its last one is handled, as a sync job
 * sends them. Resolves once every batch is handled; rejects with the first failure.
 */
export async function forEachBatch<T>(
  source: Iterable<T>,
  size: number,
  workers: number,
  handle: (batch: T[]) => Promise<void>,
): Promise<void> {
  const items = source[Symbol.iterator]();
  const next = () => {
    const batch: T[] = [];
    for (let r = items.next(); !r.done; r = items.next()) {
      batch.push(r.value);
      if (batch.length === size) break;
    }
    return batch;
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let batch = next(); batch.length > 0; batch = next()) await handle(batch);
    }),
  );
}
