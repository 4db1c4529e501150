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
    expect(results[0]).toBe(results[1]);
    await executorFor(plugin, q, 'Bearer a', send)();
    expect(sent).toBe(5); // nothing is kept once the first answer arrived
  });
});
