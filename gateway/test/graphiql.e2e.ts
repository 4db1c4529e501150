import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@edugraph/shared/config';
import { listen } from '@edugraph/shared/lifecycle';
import { createLogger } from '@edugraph/shared/logger';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../src/compose.ts';
import { gatewayConfigFrom, gatewayConfigSchema } from '../src/config.ts';
import { createGatewayServer, type GatewayServer } from '../src/server.ts';

/**
 * GraphiQL (development only) in a real browser (Debian's chromium) with every request to
 * another host blocked: the IDE must come whole from the gateway, render, and run a query.
 */
const fixtures = join(import.meta.dirname, 'fixtures');
let gateway: GatewayServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edugraph-graphiql-'));
  const composed = composeSupergraph(
    ['accounts', 'schools'].map((name) => ({
      name,
      url: 'http://127.0.0.1:9/graphql',
      sdl: readFileSync(join(fixtures, `${name}.graphql`), 'utf8'),
    })),
  );
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  writeFileSync(join(dir, 'supergraph.graphql'), composed.supergraphSdl);
  const config = gatewayConfigFrom(loadConfig('gateway', gatewayConfigSchema, { SUPERGRAPH_POLL_MS: '0' }), [
    '--supergraph',
    join(dir, 'supergraph.graphql'),
  ]);
  gateway = createGatewayServer(config, { logger: createLogger({ service: 'gateway', level: 'silent' }) });
  await gateway.start();
  url = await listen(gateway.server, 0);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

describe('GraphiQL', () => {
  it('renders from the gateway alone, with no other host reachable, and runs a query', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const target = new URL(route.request().url());
      if (target.protocol.startsWith('http') && target.origin !== new URL(url).origin) {
        elsewhere.push(target.href);
        return route.abort();
      }
      return route.continue();
    });
    await page.goto(`${url}/graphql`);
    await page.locator('.graphiql-execute-button').click({ timeout: 60_000 });
    await expect
      .poll(async () => page.locator('.graphiql-response').innerText(), { timeout: 30_000 })
      .toMatch(/"__typename":[\s\u00a0]*"Query"/); // the editor shows spaces as no-break spaces
    expect(elsewhere).toEqual([]);
  });
});
