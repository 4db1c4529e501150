import { refresh, startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionName } from '../src/store/oidcRecords.ts';

const SESSIONS = `{ mySessions { id signedInAt lastUsedAt clients { clientId name } current } }`;

interface Session {
  id: string;
  signedInAt: string;
  lastUsedAt: string;
  clients: { clientId: string; name: string | null }[];
  current: boolean;
}

/** A user's own sign-in sessions at the provider: listed, and ended one by one or all but the current. */
describe('sign-in sessions', () => {
  let hub: TestHub;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: '2133000001', regionCode: '330102' }],
    });
    for (const username of ['li.na', 'zhao.lei'])
      ({ password: passwords[username]! } = await hub.createUser({
        username,
        displayName: username,
        kind: 'TEACHER',
        org: '2133000001',
        region: '330102',
        roles: ['TEACHER'],
      }));
  }, 120_000);
  afterAll(() => hub?.stop());

  const sessionsOf = async (accessToken: string) => {
    const body = await hub.gql('identity', SESSIONS, {}, accessToken);
    expect(body.errors).toBeUndefined();
    return body.data!.mySessions as Session[];
  };

  it("lists only the user's own sessions, the calling one marked current, with the client signed in to", async () => {
    const first = await hub.signIn('li.na', passwords['li.na']!);
    const second = await hub.signIn('li.na', passwords['li.na']!);
    await hub.signIn('zhao.lei', passwords['zhao.lei']!);
    const sessions = await sessionsOf(second.accessToken);
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions[0]!.current).toBe(true);
    expect(sessions[0]!.clients).toEqual([
      { clientId: await hub.portalClientId(), name: expect.any(String) },
    ]);
    expect(Date.parse(sessions[0]!.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(sessions[0]!.signedInAt));
    const fromFirst = await sessionsOf(first.accessToken);
    expect(fromFirst.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort());
    expect(fromFirst.find((s) => s.current)!.id).toBe(sessions[1]!.id);
  });

  it("refuses ending another user's session, which keeps working", async () => {
    const mine = await hub.signIn('li.na', passwords['li.na']!);
    const theirs = await hub.signIn('zhao.lei', passwords['zhao.lei']!);
    const target = (await sessionsOf(theirs.accessToken)).find((s) => s.current)!;
    const body = await hub.gql(
      'identity',
      'mutation($id: ID!) { endMySession(id: $id) }',
      { id: target.id },
      mine.accessToken,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const renewed = await refresh(hub.url('identity'), await hub.portalClientId(), theirs.refreshToken!);
    expect(renewed.accessToken).toBeTruthy();
  });

  it('ends one own session: it leaves the list and its refresh token fails', async () => {
    const kept = await hub.signIn('li.na', passwords['li.na']!);
    const ended = await hub.signIn('li.na', passwords['li.na']!);
    const target = (await sessionsOf(ended.accessToken)).find((s) => s.current)!;
    const body = await hub.gql(
      'identity',
      'mutation($id: ID!) { endMySession(id: $id) }',
      { id: target.id },
      kept.accessToken,
    );
    expect(body).toEqual({ data: { endMySession: true } });
    expect((await sessionsOf(kept.accessToken)).map((s) => s.id)).not.toContain(target.id);
    const clientId = await hub.portalClientId();
    await expect(refresh(hub.url('identity'), clientId, ended.refreshToken!)).rejects.toThrow(
      /invalid_grant/,
    );
    expect((await refresh(hub.url('identity'), clientId, kept.refreshToken!)).accessToken).toBeTruthy();
  });

  it('signs out everywhere else, keeping the calling session', async () => {
    const other = await hub.signIn('li.na', passwords['li.na']!);
    const here = await hub.signIn('li.na', passwords['li.na']!);
    const body = await hub.gql('identity', 'mutation { endMyOtherSessions }', {}, here.accessToken);
    expect(body.data!.endMyOtherSessions).toBeGreaterThanOrEqual(1);
    const left = await sessionsOf(here.accessToken);
    expect(left).toHaveLength(1);
    expect(left[0]!.current).toBe(true);
    const clientId = await hub.portalClientId();
    await expect(refresh(hub.url('identity'), clientId, other.refreshToken!)).rejects.toThrow(
      /invalid_grant/,
    );
    const theirs = await hub.signIn('zhao.lei', passwords['zhao.lei']!);
    expect(await sessionsOf(theirs.accessToken)).not.toHaveLength(0);
  });

  it("reads a user's sessions through an index on the account, not every session", async () => {
    const conn = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'identity'), retryWrites: false })
      .asPromise();
    try {
      const plan = JSON.stringify(
        await conn
          .db!.collection(collectionName('Session'))
          .find({ 'payload.accountId': '000000000000000000000001' })
          .explain(),
      );
      expect(plan).toMatch(/USING INDEX/);
    } finally {
      await conn.close();
    }
  });
});
