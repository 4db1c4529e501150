import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders. A service declares its loader factories once; `createLoaders`
 * is called in each request's context function, so nothing is cached across requests
 * (or across callers with different rights).
 */
export type LoaderFactories = Record<string, () => DataLoader<any, any>>;
export type Loaders<F extends LoaderFactories> = { [K in keyof F]: ReturnType<F[K]> };

export function createLoaders<F extends LoaderFactories>(factories: F): Loaders<F> {
  const made: Partial<Loaders<F>> = {};
  return new Proxy(made, {
    get(target, prop: string) {
      if (!(prop in factories)) return undefined;
      const key = prop as keyof F;
      target[key] ??= factories[key]!() as Loaders<F>[keyof F];
      return target[key];
    },
  }) as Loaders<F>;
}

/**
 * A loader that fetches many records in one query and returns them in key order
 * (null where a key has no record, as DataLoader expects). `fetch` receives the unique keys.
 */
export function keyedLoader<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<readonly V[]>,
  keyOf: (value: V) => K,
  options: { maxBatchSize?: number } = {},
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map<K, V>();
      for (const row of rows) byKey.set(keyOf(row), row);
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: options.maxBatchSize ?? 1000 },
  );
}

/** A loader of one-to-many lists (e.g. classes of a school), one query per batch. */
export function groupedLoader<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<readonly V[]>,
  groupOf: (value: V) => K,
  options: { maxBatchSize?: number } = {},
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const rows = await fetch(keys);
      const groups = new Map<K, V[]>();
      for (const row of rows) {
        const k = groupOf(row);
        const list = groups.get(k);
        if (list) list.push(row);
        else groups.set(k, [row]);
      }
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: options.maxBatchSize ?? 1000 },
  );
}
