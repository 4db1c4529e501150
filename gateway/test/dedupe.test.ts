import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useSubgraphRequestSharing } from '../src/dedupe.ts';

/** Drives the plugin's hook the way the runtime does: it swaps the subgraph executor. */
function executorFor(
  plugin: ReturnType<typeof useSubgraphRequestSharing>,
  query: string,
  authorization: string,
  send: () => Promise<unknown>,
) {
  let executor = send as never as (r: unknown) => unknown;
  const executionRequest = {
    document: parse(query),
    variables: { code: '330000' },
    context: {
      request: new Request('http://gateway/graphql', { headers: { authorization } }),
      requestId: 'r',
    },
  };
  plugin.onSubgraphExecute!({
    subgraphName: 'datacenter',
    executionRequest,
    executor,
    setExecutor: (e: unknown) => (executor = e as typeof executor),
  } as never);
  return () => executor(executionRequest);
}

describe('subgraph request sharing', () => {
  it('sends identical concurrent queries of one caller once, and separately for other callers and mutations', async () => {
    const plugin = useSubgraphRequestSharing();
    let sent = 0;
    const send = () => {
      sent++;
      return new Promise((r) => setTimeout(() => r({ data: { n: sent } }), 20));
    };
    const q = 'query($code: ID!) { region(code: $code) { name } }';
    const results = await Promise.all([
      executorFor(plugin, q, 'Bearer a', send)(),
      executorFor(plugin, q, 'Bearer a', send)(),
      executorFor(plugin, q, 'Bearer b', send)(),
      executorFor(plugin, 'mutation { touch }', 'Bearer a', send)(),
      executorFor(plugin, 'mutation { touch }', 'Bearer a', send)(),
    ]);
    expect(sent).toBe(4);
    expect(results[1]).toEqual(results[0]);
    await executorFor(plugin, q, 'Bearer a', send)();
    expect(sent).toBe(5); // nothing is kept once the first answer arrived
  });

  it('gives every caller sharing an answer its own copy of the data, as the planner merges into it in place', async () => {
    const plugin = useSubgraphRequestSharing();
    const send = () =>
      new Promise((r) => setTimeout(() => r({ data: { products: [{ upc: '1' }, { upc: '2' }] } }), 20));
    const q = '{ products { upc } }';
    const merge = (result: unknown) => {
      // What the Rust planner's runtime does with an entity answer: written into the object.
      for (const p of (result as { data: { products: Record<string, unknown>[] } }).data.products)
        p.inStock = p.upc === '1';
      return result;
    };
    const results = await Promise.all(
      [0, 1, 2].map(() => Promise.resolve(executorFor(plugin, q, 'Bearer a', send)()).then(merge)),
    );
    for (const r of results)
      (r as { data: { products: Record<string, unknown>[] } }).data.products[0]!.upc = 'x';
    const again = (await executorFor(plugin, q, 'Bearer a', send)()) as { data: unknown };
    expect(again.data).toEqual({ products: [{ upc: '1' }, { upc: '2' }] });
    expect(results.map((r) => (r as { data: { products: unknown[] } }).data.products.length)).toEqual([
      2, 2, 2,
    ]);
    expect(new Set(results.map((r) => (r as { data: unknown }).data)).size).toBe(3);
  });
});
