import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@edugraph/infra';
import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * What the console's browser tests share: the console built, a whole seeded hub, Debian's
 * chromium, fresh pages that may reach only the hub, sign-in with the demo accounts, screenshots
 * in console/test-results/ (git-ignored).
 */
const consoleDir = join(import.meta.dirname, '..');
const shots = join(consoleDir, 'test-results');

export interface ConsoleRig {
  hub: TestHub;
  gateway: string;
  browser: Browser;
}

export async function startRig(
  name: string,
  serviceEnv: Parameters<typeof startTestHub>[0]['serviceEnv'] = {},
) {
  mkdirSync(shots, { recursive: true });
  // Up to date after the project's setup; builds here when a test run changed the sources.
  execFileSync(process.execPath, [join(consoleDir, 'scripts', 'build.ts')], { stdio: 'inherit' });
  const hub = await startTestHub({
    services: ['identity', 'datacenter', 'resources', 'spaces', 'gateway'],
    seed: true,
    name,
    serviceEnv,
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return { hub, gateway: hub.url('gateway'), browser } satisfies ConsoleRig;
}

export async function stopRig(rig: ConsoleRig | undefined) {
  await rig?.browser.close();
  await rig?.hub.stop();
}

/** A fresh browser (no cookies, 1366×768 unless told) whose every request to another host than the hub fails. */
export async function newPage(
  rig: ConsoleRig,
  viewport = { width: 1366, height: 768 },
): Promise<{ page: Page; context: BrowserContext; elsewhere: string[] }> {
  const context = await rig.browser.newContext({ locale: 'zh-CN', viewport });
  const elsewhere: string[] = [];
  const allowed = new Set([new URL(rig.gateway).origin, new URL(rig.hub.url('identity')).origin]);
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.protocol.startsWith('http') && !allowed.has(target.origin)) {
      elsewhere.push(target.href);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.warn(`browser: ${m.text()}`));
  return { page, context, elsewhere };
}

/** The tokens the provider gave a page: its latest refresh token and how many renewals it made. */
export interface TokenWatch {
  refreshToken?: string;
  renewals: number;
}

export async function signIn(rig: ConsoleRig, page: Page, username: string): Promise<TokenWatch> {
  const watch: TokenWatch = { renewals: 0 };
  page.on('response', async (res) => {
    if (res.url() !== `${rig.hub.url('identity')}/token` || res.request().method() !== 'POST' || !res.ok())
      return;
    if ((res.request().postData() ?? '').includes('grant_type=refresh_token')) watch.renewals++;
    watch.refreshToken =
      ((await res.json()) as { refresh_token?: string }).refresh_token ?? watch.refreshToken;
  });
  await page.goto(`${rig.gateway}/console/`);
  await page.click('#sign-in');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${rig.gateway}/console/dashboard`);
  await page.getByTestId('who').waitFor();
  return watch;
}

export async function openPage(page: Page, label: string) {
  await page.getByRole('menuitem', { name: label }).click();
}

/** Waits until no table of the page shows its loading state (the answer of the last request is drawn). */
export async function settled(page: Page) {
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
