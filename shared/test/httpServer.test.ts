import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errors } from '../src/errors.ts';
import { createServiceHttpServer } from '../src/httpServer.ts';
import { closeServer, listen } from '../src/lifecycle.ts';
import { createLogger } from '../src/logger.ts';
import { createErrorMasker } from '../src/maskError.ts';
import { currentRequestId } from '../src/requestContext.ts';

const typeDefs = `type Query { hello: String, requestId: String, broken: String, refused: String }`;

describe('service HTTP server', () => {
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'info',
    destination: new Writable({
      write(chunk, _enc, done) {
        logLines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  });
  let databaseUp = true;
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: {
        hello: () => '你好',
        requestId: () => currentRequestId(),
        broken: () => {
          throw new Error('connection string mongodb://secret@db leaked');
        },
        refused: () => {
          throw errors.forbidden('Only school administrators may do this.');
        },
      },
    },
    formatError: createErrorMasker(logger),
  });
  const server = createServiceHttpServer({
    service: 'test',
    logger,
    apollo,
    context: async () => ({}),
    readiness: [
      {
        name: 'database',
        check: () => (databaseUp ? undefined : Promise.reject(new Error('connection refused'))),
      },
    ],
    maxBodyBytes: 1000,
  });
  let url = '';

  beforeAll(async () => {
    await apollo.start();
    url = await listen(server, 0);
  });
  afterAll(async () => {
    await closeServer(server);
    await apollo.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('answers liveness always and readiness only while dependencies answer', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    databaseUp = false;
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'not ready',
      checks: [{ name: 'database', ok: false, error: 'connection refused' }],
    });
    databaseUp = true;
  });

  it('keeps the caller-provided request id through the request and echoes it', async () => {
    const res = await post({ query: '{ requestId }' }, { 'x-request-id': 'gw-123' });
    expect(res.headers.get('x-request-id')).toBe('gw-123');
    expect(await res.json()).toEqual({ data: { requestId: 'gw-123' } });
  });

  it('masks unexpected errors and logs them with the request id; keeps expected codes', async () => {
    const res = await post({ query: '{ broken refused }' }, { 'x-request-id': 'req-mask' });
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    const [broken, refused] = body.errors;
    expect(broken).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-mask' },
    });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(refused).toMatchObject({
      message: 'Only school administrators may do this.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(logLines.some((l) => l.msg === 'unexpected error' && l.reqId === 'req-mask')).toBe(true);
  });

  it('refuses bodies over the limit and invalid JSON with clear messages', async () => {
    const big = await post({ query: `{ hello }`, variables: { pad: 'x'.repeat(2000) } });
    expect(big.status).toBe(413);
    const bad = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ message: 'The request body is not valid JSON.' }] });
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
  });
});
