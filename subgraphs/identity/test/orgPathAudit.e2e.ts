import { join } from 'node:path';
import {
  clientCredentials,
  runServiceCommand,
  startTestHub,
  type CommandRun,
  type TestHub,
} from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgPathAuditReport } from '../src/audit/orgPaths.ts';

/**
 * The one-off audit after the fix of issue 13 finding 1 (`npm run audit:org-paths`), run as the
 * operator runs it: its own process on identity's database, asking the real data center. The
 * records under a lying path are made as the old code stored them (a school of 西湖区 under
 * 上城区): honest accounts whose stored path is then rewritten in the database.
 */
const OWN_SCHOOL = '2133000021'; // 上城区 330102
const OTHER_SCHOOL = '2133000024'; // 西湖区 330106
const LYING_PATH = ['100000', '330000', '330100', '330102', OTHER_SCHOOL];
const UNSYNCED_SCHOOL = '2133000099';
const PASSWORD = 'Correct-Horse-9';

describe('the organization path audit', () => {
  let hub: TestHub;
  let db: mongoose.Connection;
  const ids: Record<string, string> = {};
  let lyingClient: { clientId: string; clientSecret: string };
  let honestClient: { clientId: string; clientSecret: string };

  const audit = (...args: string[]) =>
    runServiceCommand(hub, join(import.meta.dirname, '..'), 'src/audit/main.ts', args);
  const report = (run: CommandRun) => JSON.parse(run.stdout) as OrgPathAuditReport;
  const user = (name: string, org: string, region: string) =>
    hub.createUser({
      username: name,
      displayName: '测试老师',
      kind: 'TEACHER',
      org,
      region,
      roles: ['TEACHER'],
      password: PASSWORD,
    });

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      name: 'orgaudit',
      schools: [
        { code: OWN_SCHOOL, regionCode: '330102' },
        { code: OTHER_SCHOOL, regionCode: '330106' },
      ],
    });
    ids.honest = (await user('audit.honest', OWN_SCHOOL, '330102')).id;
    ids.lying = (await user('audit.lying', OTHER_SCHOOL, '330106')).id;
    ids.unsynced = (await user('audit.unsynced', OWN_SCHOOL, '330102')).id;
    const client = { roles: ['SCHOOL_ADMIN'], scopes: ['datacenter:read'] };
    honestClient = await hub.registerServiceClient({ ...client, org: OWN_SCHOOL, name: 'honest sync' });
    lyingClient = await hub.registerServiceClient({ ...client, org: OTHER_SCHOOL, name: 'lying sync' });
    db = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity'), retryWrites: false })
      .asPromise();
    const users = db.collection('users');
    await users.updateOne({ username: 'audit.lying' }, { $set: { orgPath: LYING_PATH } });
    await users.updateOne(
      { username: 'audit.unsynced' },
      {
        $set: {
          organization: UNSYNCED_SCHOOL,
          orgPath: ['100000', '330000', '330100', '330102', UNSYNCED_SCHOOL],
        },
      },
    );
    await db
      .collection('clients')
      .updateOne({ clientId: lyingClient.clientId }, { $set: { orgPath: LYING_PATH } });
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await hub?.stop();
  });

  it('reports records stored under a path the data center disagrees with, and changes nothing', async () => {
    const run = await audit('--json');
    expect(run.code, run.stderr).toBe(1);
    const { findings, checked, disabled } = report(run);
    expect(disabled).toBe(0);
    expect(checked.users).toBeGreaterThanOrEqual(3);
    expect(findings.map((f) => [f.kind, f.name, f.problem, f.action]).sort()).toEqual([
      ['CLIENT', 'lying sync', 'MISMATCH', 'REPORTED'],
      ['USER', 'audit.lying', 'MISMATCH', 'REPORTED'],
      ['USER', 'audit.unsynced', 'UNKNOWN_ORGANIZATION', 'REPORTED'],
    ]);
    const lying = findings.find((f) => f.name === 'audit.lying')!;
    expect(lying).toMatchObject({
      id: ids.lying,
      organization: OTHER_SCHOOL,
      storedPath: LYING_PATH,
      authorityPath: ['100000', '330000', '330100', '330106', OTHER_SCHOOL],
    });
    expect(lying.reason).toContain('the data center places 2133000024 at 100000 › 330000 › 330100 › 330106');
    // Still usable: the report alone changes nothing.
    await clientCredentials(hub.url('identity'), lyingClient.clientId, lyingClient.clientSecret, []);
  });

  it('with --fix disables the mismatches and records why, leaving the honest and the unknown alone', async () => {
    const run = await audit('--fix');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`DISABLED user ${ids.lying} (audit.lying) MISMATCH`);
    expect(run.stdout).toContain('2 disabled');
    const status = async (username: string) => (await db.collection('users').findOne({ username }))?.status;
    expect(await status('audit.lying')).toBe('DISABLED');
    expect(await status('audit.honest')).toBe('ACTIVE');
    expect(await status('audit.unsynced')).toBe('ACTIVE');
    await expect(
      clientCredentials(hub.url('identity'), lyingClient.clientId, lyingClient.clientSecret, []),
    ).rejects.toThrow();
    await expect(hub.signIn('audit.lying', PASSWORD)).rejects.toThrow();
    await clientCredentials(hub.url('identity'), honestClient.clientId, honestClient.clientSecret, []);
    const why = await db.collection('orgPathAudit').find({}).sort({ kind: 1 }).toArray();
    expect(why.map((r) => [r.kind, r.recordId, r.action])).toEqual([
      ['CLIENT', lyingClient.clientId, 'DISABLED'],
      ['USER', ids.lying, 'DISABLED'],
    ]);
    expect(why[1]!.reason).toMatch(
      /^disabled by the organization path audit \(issue 13 finding 1\): stored under/,
    );
  });

  it('stops without writing anything when the data center does not answer', async () => {
    await hub.kill('datacenter');
    const run = await audit('--fix');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the audit stopped: The data center \(organization tree\) is unavailable/);
    expect(await db.collection('orgPathAudit').countDocuments()).toBe(2);
  });
});
