import { DEMO_SCHOOL } from '@edugraph/infra';
import type { TestHub } from '@edugraph/infra/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newPage as rigPage,
  openPage,
  settled,
  shot,
  signIn as rigSignIn,
  startRig,
  stopRig,
  type ConsoleRig,
  type TokenWatch,
} from './browser.ts';

/**
 * The operator console in a real browser (Debian's chromium) against a whole seeded hub: real
 * sign-in through the hub's provider with the demo accounts, the pages showing what the graph
 * returns. Screenshots of each page go to console/test-results/ (git-ignored).
 */
let rig: ConsoleRig;
let hub: TestHub;
let gateway: string;
const pages: Page[] = [];
/** The tokens of the first sign-in (the provincial administrator's page). */
let first: TokenWatch | undefined;

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

beforeAll(async () => {
  // Short-lived access tokens: the console renews them (60 s before they expire) during the run.
  rig = await startRig('console', { identity: { ACCESS_TOKEN_TTL_SECONDS: '90' } });
  ({ hub, gateway } = rig);
}, 300_000);

afterAll(() => stopRig(rig));

async function newPage() {
  const opened = await rigPage(rig);
  pages.push(opened.page);
  return opened;
}

async function signIn(page: Page, username: string) {
  const watch = await rigSignIn(rig, page, username);
  first ??= watch;
}

async function adminToken(extra: string[] = []) {
  return hub.tokenFor({
    org: '330000',
    roles: ['PROVINCIAL_ADMIN'],
    scopes: ['datacenter:read', 'spaces:read', 'identity:admin', ...extra],
  });
}

describe('operator console', () => {
  it('is served by the gateway with a strict CSP, correct content types and the single-page fallback', async () => {
    const index = await fetch(`${gateway}/console/organizations`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const script = html.match(/src="(\/console\/assets\/[^"]+\.js)"/)![1]!;
    const asset = await fetch(`${gateway}${script}`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${gateway}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${gateway}/console/..%2f..%2fpackage.json`)).status).toBe(404);
    const config = (await (await fetch(`${gateway}/console/config.json`)).json()) as Record<string, string>;
    expect(config).toEqual({ issuer: hub.url('identity'), clientId: 'edugraph-console' });
  });

  it('signs the provincial administrator in and draws the dashboard with the seeded indicators', async () => {
    const token = await adminToken();
    const expected = await hub.gql(
      'gateway',
      `{ region(code: "330000") { indicators { schools students broadbandRatio multimediaClassroomRatio teacherTrainingRatio }
         spaceIndicators { teacherRatio } children { name } } }`,
      {},
      token,
    );
    const region = expected.data!.region;
    const { page, elsewhere } = await newPage();
    await signIn(page, 'zj.admin');
    const bars = page.getByTestId('indicator-chart').locator('svg text');
    await expect
      .poll(() => bars.allTextContents(), { timeout: 30_000 })
      .toEqual(
        expect.arrayContaining([
          percent(region.indicators.broadbandRatio),
          percent(region.indicators.multimediaClassroomRatio),
          percent(region.indicators.teacherTrainingRatio),
          percent(region.spaceIndicators.teacherRatio),
          '目标',
        ]),
      );
    const children = await page.getByTestId('children-chart').locator('svg text').allTextContents();
    expect(children).toEqual(expect.arrayContaining(region.children.map((c: { name: string }) => c.name)));
    await expect
      .poll(() => page.locator('.ant-statistic-content-value').allTextContents())
      .toContain(String(region.indicators.schools));
    await shot(page, 'dashboard');
    expect(elsewhere).toEqual([]);
  });

  it('finds a student by name with personal data masked', async () => {
    const query = `{ students(filter: { schoolCode: "${DEMO_SCHOOL.code}" }, first: 1) { nodes { name registryNumber } } }`;
    const plain = (await hub.gql('gateway', query, {}, await adminToken(['personal-data']))).data!.students
      .nodes[0];
    const masked = (await hub.gql('gateway', query, {}, await adminToken())).data!.students.nodes[0];
    expect(masked.registryNumber).not.toBe(plain.registryNumber);
    const student = masked as { name: string; registryNumber: string };
    const page = pages[0]!;
    await openPage(page, '机构与人员');
    await page.getByTestId('schools').locator('tbody tr').first().waitFor();
    await shot(page, 'organizations');
    await page.getByRole('tab', { name: '学生' }).click();
    const search = page
      .getByTestId('students-search')
      .getByRole('searchbox')
      .or(page.getByTestId('students-search').getByRole('textbox'));
    await search.fill(student.name);
    await search.press('Enter');
    const row = page.getByTestId('students').locator('tbody tr', { hasText: student.name }).first();
    await row.waitFor();
    await settled(page);
    const text = await row.innerText();
    expect(text).toContain(masked.registryNumber);
    expect(text).not.toContain(plain.registryNumber);
    await shot(page, 'students');
  });

  it('registers a third-party portal client, shown as needing consent', async () => {
    const page = pages[0]!;
    await openPage(page, '应用接入');
    await page.getByTestId('register-client').click();
    await page.getByTestId('client-name').fill('杭州市教育门户（测试）');
    await page.getByTestId('client-org').fill('330100');
    await page.getByTestId('client-redirects').fill('https://portal.hz.example/callback');
    await page.getByRole('button', { name: '提交' }).click();
    const created = page.getByRole('dialog').filter({ hasText: '已创建' });
    await expect.poll(() => created.innerText(), { timeout: 30_000 }).toContain('第三方 · 需用户同意');
    const clientId = (await created.getByTestId('new-client-id').innerText()).trim();
    await shot(page, 'client-registered');
    await created.getByRole('button').last().click();
    const listed = await hub.gql(
      'gateway',
      '{ clients { clientId firstParty kind organization } }',
      {},
      await adminToken(),
    );
    expect(listed.data!.clients).toContainEqual({
      clientId,
      firstParty: false,
      kind: 'PORTAL',
      organization: '330100',
    });
    await page.getByTestId('clients').locator('tbody tr', { hasText: clientId }).waitFor();
    await shot(page, 'clients');
  });

  it('lists the users of the province', async () => {
    const page = pages[0]!;
    await openPage(page, '用户管理');
    await page.getByTestId('users').locator('tbody tr', { hasText: 'hz.admin' }).waitFor();
    expect(await page.getByTestId('users').innerText()).not.toContain('nation.admin');
    await shot(page, 'users');
  });

  it('lists the unmasked answers of personal data in the access log', async () => {
    // The student test above asked for registry numbers with the personal-data scope.
    const page = pages[0]!;
    await openPage(page, '个人信息访问记录');
    const row = page.getByTestId('access-log').locator('tbody tr', { hasText: 'Student.registryNumber' });
    await row.first().waitFor();
    await shot(page, 'access-log');
  });

  it('shows the sync feed of the province with its position', async () => {
    const page = pages[0]!;
    await openPage(page, '数据交换');
    await page.getByTestId('changes').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('changes').innerText()).toMatch(/SCHOOL|REGION|STUDENT/);
    expect(await page.locator('.ant-typography code').first().innerText()).not.toBe('—');
    await shot(page, 'sync');
  });

  it('lists the spaces of the province for moderation', async () => {
    const page = pages[0]!;
    await openPage(page, '空间管理');
    await page.getByTestId('spaces').locator('tbody tr.ant-table-row').first().waitFor();
    await settled(page);
    expect(await page.getByTestId('spaces').innerText()).toMatch(/SCHOOL|CLASS|PERSONAL/);
    await shot(page, 'spaces');
  });

  it('renews the access token with the refresh token and keeps working', async () => {
    const page = pages[0]!;
    await expect.poll(() => first!.renewals, { timeout: 100_000, interval: 1000 }).toBeGreaterThan(0);
    await openPage(page, '监测与评价');
    await page.getByTestId('indicator-chart').locator('svg text').first().waitFor();
  });

  it('signs out, ending the session at the provider', async () => {
    const page = pages[0]!;
    await page.click('#sign-out');
    await page.waitForURL(`${hub.url('identity')}/**`);
    await page.getByRole('button', { name: '退出', exact: true }).click();
    await page.waitForURL(`${gateway}/console/**`);
    await page.locator('#sign-in').waitFor();
    expect(page.url()).toBe(`${gateway}/console/`);
    // The refresh token is revoked, and the provider's session is gone: signing in again asks
    // for the password.
    expect(first!.refreshToken).toBeTruthy();
    const refreshed = await fetch(`${hub.url('identity')}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: first!.refreshToken!,
        client_id: 'edugraph-console',
      }),
    });
    expect(refreshed.status).toBe(400);
    expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant');
    await page.click('#sign-in');
    await page.getByLabel('密码').waitFor();
  });

  it('lets the provincial reviewer approve a pending resource with a reason', async () => {
    const reviewer = await hub.tokenFor({
      org: '330000',
      roles: ['RESOURCE_REVIEWER'],
      scopes: ['resources:read', 'resources:review'],
    });
    const queue = await hub.gql(
      'gateway',
      '{ resources(filter: { status: [SUBMITTED] }, first: 10) { nodes { id title } } }',
      {},
      reviewer,
    );
    const pending = queue.data!.resources.nodes[0] as { id: string; title: string };
    const { page } = await newPage();
    await signIn(page, 'zj.reviewer');
    await openPage(page, '资源审核');
    const row = page.getByTestId('review-queue').locator('tbody tr', { hasText: pending.title }).first();
    await row.getByRole('button', { name: '通过' }).click();
    await page.getByTestId('review-reason').fill('内容准确，符合课程标准');
    await shot(page, 'resource-review');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('已通过').first().waitFor();
    const after = await hub.gql(
      'gateway',
      `{ resource(id: "${pending.id}") { status history { action reason } } }`,
      {},
      reviewer,
    );
    expect(after.data!.resource.status).toBe('APPROVED');
    expect(after.data!.resource.history.at(-1)).toEqual({
      action: 'APPROVE',
      reason: '内容准确，符合课程标准',
    });
    await page.getByRole('tab', { name: '资源目录' }).click();
    await page.getByTestId('catalog').locator('tbody tr').first().waitFor();
    await shot(page, 'catalog');
  });

  it('shows a school administrator only their own school', async () => {
    const { page } = await newPage();
    await signIn(page, 'school.admin');
    await page.getByText('您的机构是学校').waitFor();
    await shot(page, 'school-dashboard');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Organizations' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await openPage(page, '机构与人员');
    const rows = page.getByTestId('schools').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(DEMO_SCHOOL.code);
    expect(await page.getByText('共 1 条').count()).toBe(1);
    await shot(page, 'school-organizations');
  });
});
