import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '@edugraph/shared/lifecycle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleHandler } from '../src/console.ts';

/** The console's file serving over real HTTP, from a made-up build directory. */
let server: Server;
let url: string;
let missing: Server;
let missingUrl: string;

function serve(dir: string) {
  const handle = createConsoleHandler({ dir, issuer: 'http://127.0.0.1:4001' });
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    void handle(req, res, path).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module" src="/console/assets/a.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'secret');
  server = serve(dir);
  url = await listen(server, 0);
  missing = serve(join(dir, 'nothing-built'));
  missingUrl = await listen(missing, 0);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => missing.close(resolve));
});

describe('console files at /console/', () => {
  it('serves the application for any page path, with a CSP that allows no inline script', async () => {
    const res = await fetch(`${url}/console/resources`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:4001");
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('/console/assets/a.js');
  });

  it('serves hashed assets with their type, cached for a year, and 404 for a missing one', async () => {
    const res = await fetch(`${url}/console/assets/a.js`);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${url}/console/assets/b.js`)).status).toBe(404);
  });

  it('never serves a file outside the build directory', async () => {
    expect((await fetch(`${url}/console/..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${url}/console/%E0%A4%A`)).status).toBe(400);
  });

  it('tells the console its issuer and client id, redirects /console and refuses writes', async () => {
    const config = await (await fetch(`${url}/console/config.json`)).json();
    expect(config).toEqual({ issuer: 'http://127.0.0.1:4001', clientId: 'edugraph-console' });
    const bare = await fetch(`${url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/console/');
    expect((await fetch(`${url}/console/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });

  it('says how to build the console when it is not built', async () => {
    const res = await fetch(`${missingUrl}/console/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run setup');
  });
});
