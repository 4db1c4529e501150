import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose, { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpacesService } from '../src/server.ts';
import { graphqlCaller, startSpacesInProcess } from './inProcess.ts';

const SCHOOL = '3133000001';
const PATH = ['100000', '330000', '330100', '330102', SCHOOL];
const PASSWORD = 'Correct-Horse-9';

/**
 * A database written by the previous version (memberships only, no member index), as the demo
 * seed of that version left it: the service builds the index at start, and keeps it with
 * every membership change.
 */
describe('member index', () => {
  let hub: TestHub;
  let conn: Connection;
  let spaces: SpacesService | undefined;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const group = new Types.ObjectId();
  const gql = graphqlCaller(() => spaces);
  const index = (key: string) => conn.collection('memberspaces').findOne({ _id: key as never });

  beforeAll(async () => {
    // Identity asks the data center where a school sits: it runs here with the test's schools.
    hub = await startTestHub({
      services: ['identity', 'datacenter'],
      schools: [{ code: SCHOOL, regionCode: '330102' }],
    });
    for (const name of ['owner', 'member']) {
      ids[name] = (
        await hub.createUser({
          username: `mi.${name}`,
          password: PASSWORD,
          displayName: name === 'owner' ? '赵老师' : '钱老师',
          kind: 'TEACHER',
          org: SCHOOL,
          region: '330102',
          roles: ['TEACHER'],
        })
      ).id;
      tokens[name] = (await hub.signIn(`mi.${name}`, PASSWORD, ['spaces:read', 'spaces:write'])).accessToken;
    }
    conn = await mongoose
      .createConnection(hub.mongoUri, { dbName: databaseName(hub.dbPrefix, 'spaces'), retryWrites: false })
      .asPromise();
    const at = new Date();
    await conn.collection('spaces').insertOne({
      _id: group,
      kind: 'GROUP',
      key: `group:${group.toString()}`,
      title: '语文教研组',
      description: '',
      visibility: 'MEMBERS',
      orgPath: PATH.slice(0, 4),
      openedBy: 'seed',
      createdAt: at,
      updatedAt: at,
    });
    await conn.collection('memberships').insertMany(
      Object.entries({ owner: 'OWNER', member: 'MEMBER' }).map(([name, role]) => ({
        spaceId: group.toString(),
        memberKey: `u:${ids[name]}`,
        userId: ids[name],
        personNumber: null,
        displayName: name,
        role,
        spaceKind: 'GROUP',
        createdAt: at,
        updatedAt: at,
      })),
    );
    await conn.collection('posts').insertOne({
      spaceId: group.toString(),
      orgPath: PATH.slice(0, 4),
      kind: 'POST',
      authorId: ids.owner,
      authorName: '赵老师',
      text: '本周集体备课',
      attachments: [],
      hidden: false,
      createdAt: at,
      updatedAt: at,
    });
    expect(await index(`u:${ids.member}`)).toBeNull();
    spaces = await startSpacesInProcess(hub);
  }, 180_000);
  afterAll(async () => {
    await spaces?.stop();
    await conn?.close();
    await hub?.stop();
  });

  it('is built at start from the memberships of an older database, once', async () => {
    expect(await index(`u:${ids.member}`)).toEqual({
      _id: `u:${ids.member}`,
      spaces: { [group.toString()]: { role: 'MEMBER', kind: 'GROUP' } },
    });
    const data = await gql(
      tokens.member!,
      `query($id: ID!) { space(id: $id) { title myRole } mySpaces { edges { node { id } } } myFeed { edges { node { text } } } }`,
      { id: group.toString() },
    );
    expect(data.space).toEqual({ title: '语文教研组', myRole: 'MEMBER' });
    expect(data.mySpaces.edges).toEqual([{ node: { id: group.toString() } }]);
    expect(data.myFeed.edges).toEqual([{ node: { text: '本周集体备课' } }]);
    // A second start finds the marker and leaves the index alone.
    await conn.collection('memberspaces').deleteOne({ _id: `u:${ids.owner}` as never });
    await spaces!.stop();
    spaces = await startSpacesInProcess(hub);
    expect(await index(`u:${ids.owner}`)).toBeNull();
    await conn.collection('migrations').deleteOne({ _id: 'member-index:v1' as never });
    await spaces.stop();
    spaces = await startSpacesInProcess(hub);
    expect((await index(`u:${ids.owner}`))?.spaces).toEqual({
      [group.toString()]: { role: 'OWNER', kind: 'GROUP' },
    });
  });

  it('forgets a member who leaves: the space, its posts and the feed are gone for them', async () => {
    const id = group.toString();
    await gql(
      tokens.member!,
      'mutation($id: ID!, $u: ID!) { removeSpaceMember(spaceId: $id, userId: $u) { id } }',
      {
        id,
        u: ids.member,
      },
    );
    expect((await index(`u:${ids.member}`))?.spaces).toEqual({});
    const data = await gql(
      tokens.member!,
      `query($id: ID!) { space(id: $id) { title } mySpaces { edges { node { id } } } myFeed { edges { node { text } } } }`,
      { id },
    );
    expect(data).toEqual({ space: null, mySpaces: { edges: [] }, myFeed: { edges: [] } });
    // The owner still sees it.
    expect((await gql(tokens.owner!, 'query($id: ID!) { space(id: $id) { myRole } }', { id })).space).toEqual(
      {
        myRole: 'OWNER',
      },
    );
  });

  it('records a group opened through the graph for its owner', async () => {
    const data = await gql(
      tokens.owner!,
      `mutation { createGroupSpace(input: { title: "数学教研组", regionCode: "330102", visibility: MEMBERS }) { id myRole } }`,
    );
    expect(data.createGroupSpace.myRole).toBe('OWNER');
    expect((await index(`u:${ids.owner}`))?.spaces).toMatchObject({
      [data.createGroupSpace.id]: { role: 'OWNER', kind: 'GROUP' },
    });
  });
});
