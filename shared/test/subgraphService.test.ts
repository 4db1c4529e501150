import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@edugraph/embedded-db';
import type { Caller } from '../src/auth/caller.ts';
import { loadConfig, ConfigError, env, seedConfigFields, subgraphConfigSchema } from '../src/config.ts';
import { databaseName } from '../src/database.ts';
import { createLogger } from '../src/logger.ts';
import { startProbeService } from './probeService.ts';

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

describe('startStoreService', () => {
  let db: EmbeddedDatabase;
  const quiet = createLogger({
    service: 'test',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  const config = (prefix: string, nodeEnv: 'test' | 'production' = 'test') =>
    loadConfig('test', schema, { MONGODB_URI: db.uri, EDUGRAPH_DB_PREFIX: prefix, NODE_ENV: nodeEnv });
  const probe = {
    sdl: 'type Query { who: String! }',
    resolvers: {
      Query: {
        who: (_: unknown, __: unknown, ctx: { caller: Caller | null }) => ctx.caller?.subject ?? 'anonymous',
      },
    },
  };
  const post = (url: string, query: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });

  beforeAll(async () => {
    db = await startEmbeddedDatabase();
  });
  afterAll(async () => {
    await db.stop();
  });

  it('opens the service database, answers GraphQL and readiness, and closes the database at stop', async () => {
    const running = await startProbeService(config('svc_a'), probe, quiet);
    const { conn } = running.store;
    expect(conn.name).toBe(databaseName('svc_a', 'probe'));
    expect(conn.name).toBe('svc_a_probe');

    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ service: 'probe', checks: [{ name: 'database', ok: true }] });
    const answer = await post(running.url, '{ who }');
    expect(await answer.json()).toEqual({ data: { who: 'anonymous' } });
    // Answers may hold personal data: never cached, with or without Apollo's cache-control plugin.
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await post(running.url, '{ __schema { types { name } } }')).status).toBe(200);
    // Tokens go through the verifier built from the config: a malformed one is refused. (Status,
    // not code: under vitest Apollo and this package load two copies of graphql, so the masker
    // cannot recognise the GraphQLError and masks it; in Node there is one copy.)
    expect((await post(running.url, '{ who }', { authorization: 'Bearer not-a-token' })).status).toBe(401);

    await running.stop();
    expect(conn.readyState).toBe(0);
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });

  it('hides the schema from introspection in production, on the database of its own prefix', async () => {
    const running = await startProbeService(config('svc_b', 'production'), probe, quiet);
    expect(running.store.conn.name).toBe('svc_b_probe');
    // Refused at validation (400); outside production the same query answers 200.
    expect((await post(running.url, '{ __schema { types { name } } }')).status).toBe(400);
    expect(await (await post(running.url, '{ who }')).json()).toEqual({ data: { who: 'anonymous' } });
    await running.stop();
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
