import { startStoreServer, type InProcessService, type TestHub } from '@edugraph/infra/testing';
import type { Connection } from 'mongoose';
import { expect } from 'vitest';
import { readSpacesConfig } from '../src/config.ts';
import { createSpacesServer } from '../src/server.ts';
import { openSpacesStore, type SpacesStore } from '../src/store/index.ts';

export type SpacesService = InProcessService<SpacesStore>;

/**
 * Spaces in this process (so that a test or the benchmark can count its database commands),
 * on the hub's database and verifying the hub identity's tokens. `connection`: one to use,
 * e.g. with command monitoring.
 */
export function startSpacesInProcess(
  hub: TestHub,
  connection?: Connection,
  options: { withoutDatacenter?: boolean } = {},
): Promise<SpacesService> {
  const identity = hub.url('identity');
  const datacenter = options.withoutDatacenter ? undefined : hub.urls.datacenter;
  const config = readSpacesConfig({
    PORT: '0',
    // Where schools sit (bulk opening) and the indicators' totals; absent when the hub runs none.
    ...(datacenter ? { DATACENTER_URL: `${datacenter}/graphql` } : {}),
    MONGODB_URI: hub.mongoUri,
    EDUGRAPH_DB_PREFIX: hub.dbPrefix,
    IDENTITY_ISSUER: identity,
    IDENTITY_URL: identity,
    LOG_LEVEL: 'warn',
  });
  return startStoreServer(hub, 'spaces', {
    connection,
    openStore: (conn) => openSpacesStore(conn, { accessLogRetentionDays: 180 }),
    createServer: (store, { logger }) => createSpacesServer(config, store, { logger }),
  });
}

/**
 * A GraphQL caller for the service started by `startSpacesInProcess` (read when called, so it can
 * be made before the service starts); fails the test on any GraphQL error and returns `data`.
 */
export function graphqlCaller(service: () => SpacesService | undefined) {
  return async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${service()!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
}
