import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { databaseName } from '@edugraph/shared';
import mongoose, { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlCaller, startSpacesInProcess, type SpacesService } from './inProcess.ts';

const SCHOOL = '3133000001';
const PATH = ['100000', '330000', '330100', '330102', SCHOOL];
const PASSWORD = 'Correct-Horse-9';

/**
 * A database written by an earlier version (spaces and posts without the index fields, the old
 * `memberspaces` collection): at start the service writes the index fields once, and every read
 * goes to `memberships` and the indexes, on whichever instance answers.
 */
describe('a database of an earlier version', () => {
  let hub: TestHub;
  let conn: Connection;
  let spaces: SpacesService | undefined;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const group = new Types.ObjectId();
  const gql = graphqlCaller(() => spaces);

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
    await conn.collection('memberspaces').insertOne({ _id: `u:${ids.member}` as never, spaces: {} });
    spaces = await startSpacesInProcess(hub);
  }, 180_000);
  afterAll(async () => {
    await spaces?.stop();
    await conn?.close();
    await hub?.stop();
  });

  it('gets its index fields at start, once, and answers from memberships', async () => {
    expect(await conn.collection('spaces').findOne({ _id: group })).toMatchObject({
      provinceCode: '330000',
      cityCode: '330100',
      countyCode: '330102',
    });
    expect((await conn.collection('posts').findOne({}))?.feedKey).toMatch(/^\d{13}[a-f0-9]{24}$/);
    expect(await conn.db!.listCollections({ name: 'memberspaces' }).toArray()).toEqual([]);
    const data = await gql(
      tokens.member!,
      `query($id: ID!) { space(id: $id) { title myRole } mySpaces { edges { node { id kind } } } myFeed { edges { node { text } } } }`,
      { id: group.toString() },
    );
    expect(data.space).toEqual({ title: '语文教研组', myRole: 'MEMBER' });
    // The group, and the teacher's own space opened on this first read.
    expect(data.mySpaces.edges.map((e: { node: { kind: string } }) => e.node.kind).sort()).toEqual([
      'GROUP',
      'PERSONAL',
    ]);
    expect(data.myFeed.edges).toEqual([{ node: { text: '本周集体备课' } }]);
    // A second start finds the marker and leaves the records alone.
    await conn.collection('spaces').updateOne({ _id: group }, { $set: { countyCode: null } });
    await spaces!.stop();
    spaces = await startSpacesInProcess(hub);
    expect((await conn.collection('spaces').findOne({ _id: group }))?.countyCode).toBeNull();
    await conn.collection('migrations').deleteOne({ _id: 'spaces-index-fields:v1' as never });
    await spaces.stop();
    spaces = await startSpacesInProcess(hub);
    expect((await conn.collection('spaces').findOne({ _id: group }))?.countyCode).toBe('330102');
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
    const data = await gql(
      tokens.member!,
      `query($id: ID!) { space(id: $id) { title } mySpaces { edges { node { id } } } myFeed { edges { node { text } } } }`,
      { id },
    );
    expect(data.space).toBeNull();
    expect(data.mySpaces.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(id);
    expect(data.myFeed.edges).toEqual([]);
    // The owner still sees it.
    expect((await gql(tokens.owner!, 'query($id: ID!) { space(id: $id) { myRole } }', { id })).space).toEqual(
      {
        myRole: 'OWNER',
      },
    );
  });

  it('lists a group opened through the graph for its owner', async () => {
    const data = await gql(
      tokens.owner!,
      `mutation { createGroupSpace(input: { title: "数学教研组", regionCode: "330102", visibility: MEMBERS }) { id myRole } }`,
    );
    expect(data.createGroupSpace.myRole).toBe('OWNER');
    const mine = await gql(tokens.owner!, '{ mySpaces { edges { node { id myRole } } } }');
    expect(mine.mySpaces.edges).toContainEqual({ node: { id: data.createGroupSpace.id, myRole: 'OWNER' } });
  });
});
