import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import type { Caller } from '../src/auth/caller.ts';
import { loadConfig, ConfigError, env, seedConfigFields, subgraphConfigSchema } from '../src/config.ts';
import { closeDatabase, connectDatabase, databaseName } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { openSubgraphService } from '../src/subgraphService.ts';

const schema = subgraphConfigSchema.extend({ PORT: env.port(0), ...seedConfigFields });

describe('subgraph config schema', () => {
  it('gives every subgraph the same defaults for its database and tokens', () => {
    expect(loadConfig('spaces', schema, {})).toMatchObject({
      PORT: 0,
      EDUGRAPH_DB_PREFIX: 'edugraph',
      IDENTITY_ISSUER: 'http://127.0.0.1:4001',
      TOKEN_AUDIENCE: 'urn:edugraph:graph',
      SEED_STUDENTS: 3000,
      SEED: '20260101',
    });
  });

  it('names a database prefix that would make a bad database name', () => {
    expect(() => loadConfig('spaces', schema, { EDUGRAPH_DB_PREFIX: 'edu-graph' })).toThrow(
      /EDUGRAPH_DB_PREFIX: only letters, digits and _ \(got "edu-graph"\)/,
    );
    expect(() => loadConfig('spaces', schema, { IDENTITY_ISSUER: 'not a url' })).toThrow(ConfigError);
  });
});

describe('openSubgraphService', () => {
  let db: EmbeddedDatabase;
  const schemaFile = join(mkdtempSync(join(tmpdir(), 'subgraph-')), 'schema.graphql');
  const quiet = createLogger({
    service: 'test',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  const config = (prefix: string, nodeEnv: 'test' | 'production' = 'test') =>
    loadConfig('test', schema, { MONGODB_URI: db.uri, EDUGRAPH_DB_PREFIX: prefix, NODE_ENV: nodeEnv });
  const resolvers = {
    Query: {
      who: (_: unknown, __: unknown, ctx: { caller: Caller | null }) => ctx.caller?.subject ?? 'anonymous',
    },
  };
  const post = (url: string, query: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });

  beforeAll(async () => {
    writeFileSync(schemaFile, 'type Query { who: String! }');
    db = await startEmbeddedDatabase();
  });
  afterAll(async () => {
    await db.stop();
  });

  it('opens the service database, answers GraphQL and readiness, and closes the database at stop', async () => {
    const { conn, listen } = await openSubgraphService('probe', config('svc_a'), { logger: quiet });
    expect(conn.name).toBe(databaseName('svc_a', 'probe'));
    const running = await listen({ schemaFile, resolvers, context: (caller) => ({ caller }) });

    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ service: 'probe', checks: [{ name: 'database', ok: true }] });
    expect(await (await post(running.url, '{ who }')).json()).toEqual({ data: { who: 'anonymous' } });
    expect((await post(running.url, '{ __schema { types { name } } }')).status).toBe(200);
    // Tokens go through the verifier built from the config: a malformed one is refused. (Status,
    // not code: under vitest Apollo and this package load two copies of graphql, so the masker
    // cannot recognise the GraphQLError and masks it; in Node there is one copy.)
    expect((await post(running.url, '{ who }', { authorization: 'Bearer not-a-token' })).status).toBe(401);

    await running.stop();
    expect(conn.readyState).toBe(0);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('leaves a connection it was given open, and hides the schema from introspection in production', async () => {
    const given: Connection = await connectDatabase({ uri: db.uri, dbName: 'given' });
    const { listen } = await openSubgraphService('probe', config('svc_b', 'production'), {
      logger: quiet,
      connection: given,
    });
    const running = await listen({ schemaFile, resolvers, context: (caller) => ({ caller }) });
    // Refused at validation (400); outside production the same query answers 200.
    expect((await post(running.url, '{ __schema { types { name } } }')).status).toBe(400);
    await running.stop();
    expect(given.readyState).toBe(1);
    await closeDatabase(given);
  });
});

describe('light entry points', () => {
  it('load neither mongoose nor Apollo Server, so the gateway and tools stay small', () => {
    const entries = [
      'config',
      'errors',
      'logger',
      'request-context',
      'health',
      'lifecycle',
      'auth',
      'identifiers',
      'observability',
    ];
    const script = `
      import { registerHooks } from 'node:module';
      const heavy = new Set();
      registerHooks({ resolve(spec, ctx, next) {
        const r = next(spec, ctx);
        const m = r.url.match(/node_modules\\/(mongoose|mongodb|@apollo\\/server|@apollo\\/subgraph)\\//);
        if (m) heavy.add(m[1]);
        return r;
      } });
      for (const e of ${JSON.stringify(entries)}) await import('@edugraph/shared/' + e);
      await import('@edugraph/shared');
      console.log(JSON.stringify([...heavy].sort()));`;
    const run = (code: string) =>
      JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }));
    // The barrel is imported last, so whatever it adds shows that the probe sees the heavy modules.
    expect(run(script)).toEqual(['@apollo/server', '@apollo/subgraph', 'mongodb', 'mongoose']);
    expect(run(script.replace("await import('@edugraph/shared');", ''))).toEqual([]);
  });
});
