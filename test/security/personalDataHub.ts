import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, findSubgraphSources } from '@edugraph/gateway/compose';
import { DEMO_PASSWORD } from '@edugraph/infra';
import { startTestHub, type GraphQLBody, type TestHub } from '@edugraph/infra/testing';

/**
 * The hub the personal-data regression tests replay their findings against: identity,
 * datacenter and spaces with their demo seeds (浙江省, school 2133000001 with demo.teacher,
 * demo.student and demo.parent) behind a real gateway, as real processes with real tokens.
 */
export interface PersonalDataHub {
  hub: TestHub;
  /** POST to the gateway (or a subgraph directly) with a bearer token. */
  graph(query: string, token: string, variables?: Record<string, unknown>): Promise<GraphQLBody>;
  direct(
    service: 'identity' | 'datacenter' | 'spaces',
    query: string,
    token: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLBody>;
  /** A user's portal token (code + PKCE through the test portal). */
  signIn(username: string, scopes: string[], password?: string): Promise<string>;
  stop(): Promise<void>;
}

export const DEMO_SCHOOL = '2133000001';
export const DEMO_COUNTY = '330102';
/** A registry number or ID number in full (not masked). */
export const FULL_NUMBER = /^[GJL]?\d{17}[\dX]$/;

export async function startPersonalDataHub(name: string): Promise<PersonalDataHub> {
  const dir = mkdtempSync(join(tmpdir(), `edugraph-${name}-`));
  const names = ['identity', 'datacenter', 'spaces'];
  const composed = composeSupergraph(findSubgraphSources().filter((s) => names.includes(s.name)));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
  const hub = await startTestHub({
    services: ['identity', 'datacenter', 'spaces', 'gateway'],
    seed: true,
    name,
    serviceEnv: { gateway: { SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') } },
  });
  const post = async (base: string, query: string, token: string, variables?: Record<string, unknown>) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLBody;
  };
  return {
    hub,
    graph: (query, token, variables) => post(hub.url('gateway'), query, token, variables),
    direct: (service, query, token, variables) => post(hub.url(service), query, token, variables),
    signIn: async (username, scopes, password = DEMO_PASSWORD) =>
      (await hub.signIn(username, password, scopes)).accessToken,
    stop: () => hub.stop(),
  };
}

/** The `sub` claim of an access token. */
export function subjectOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sub as string;
}
