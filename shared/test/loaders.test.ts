import { describe, expect, it } from 'vitest';
import { createLoaders, groupedLoader, keyedLoader } from '../src/loaders.ts';

describe('per-request loaders', () => {
  it('batches keys into one fetch and returns results in key order with null for missing', async () => {
    const calls: (readonly string[])[] = [];
    const loader = keyedLoader(
      async (keys: readonly string[]) => {
        calls.push(keys);
        return keys.filter((k) => k !== 'missing').map((k) => ({ code: k, name: `school ${k}` }));
      },
      (row) => row.code,
    );
    const results = await Promise.all(['b', 'a', 'missing', 'b'].map((k) => loader.load(k)));
    expect(calls).toEqual([['b', 'a', 'missing']]);
    expect(results.map((r) => r?.name ?? null)).toEqual(['school b', 'school a', null, 'school b']);
  });

  it('groups one-to-many rows per key', async () => {
    const loader = groupedLoader(
      async (keys: readonly number[]) =>
        keys
          .flatMap((k) => [
            { school: k, n: 1 },
            { school: k, n: 2 },
          ])
          .filter((r) => r.school !== 3),
      (row) => row.school,
    );
    expect(await loader.loadMany([1, 3])).toEqual([
      [
        { school: 1, n: 1 },
        { school: 1, n: 2 },
      ],
      [],
    ]);
  });

  it('creates loaders lazily and separately for each request', () => {
    let made = 0;
    const factories = {
      schools: () => (
        made++,
        keyedLoader(
          async () => [],
          (r: { id: string }) => r.id,
        )
      ),
    };
    const a = createLoaders(factories);
    const b = createLoaders(factories);
    expect(made).toBe(0);
    expect(a.schools).toBe(a.schools);
    expect(a.schools).not.toBe(b.schools);
    expect(made).toBe(2);
  });
});
