import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';
import type { GraphQLBody } from '@edugraph/infra/testing';

/** Helpers of the request-limit regression tests (findings 5, 6, 7 and 9 of issue 13). */

/** A supergraph file composed from the named subgraphs' SDL (a gateway over only those). */
export function supergraphOf(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-security-'));
  const composed = composeSupergraph(findSubgraphSources().filter((s) => names.includes(s.name)));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  const path = join(dir, 'supergraph.graphql');
  writeFileSync(path, composed.supergraphSdl);
  return path;
}

export interface Answer {
  status: number;
  body: GraphQLBody;
  text: string;
}

/** POSTs an operation to `${base}/graphql`; the status and the parsed body. */
export async function post(
  base: string,
  payload: { query: string; variables?: Record<string, unknown> } | string,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  let body: GraphQLBody;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = { errors: [{ message: text.slice(0, 300) }] };
  }
  return { status: res.status, body, text };
}

export const codes = (body: GraphQLBody) => (body.errors ?? []).map((e) => e.extensions?.code);
