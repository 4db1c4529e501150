import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianNumberOf } from '@edugraph/infra';
import {
  DEMO_SCHOOL,
  startPersonalDataHub,
  subjectOf,
  type PersonalDataHub,
} from '../security/personalDataHub.ts';

/**
 * Issue 17: a parent account (identity) is linked to its guardian record (data center) by its
 * person number, carried in the parent's token; through the gateway the parent sees exactly its
 * own children. Real processes, the demo seed (guardians generated with the students), real
 * sign-ins through the code flow.
 */
describe('a parent account sees its own children and nobody else', () => {
  let h: PersonalDataHub;
  let parent: string;
  let otherParent: string;
  let admin: string;
  const read = ['datacenter:read'];
  const CHILDREN = `{ me { username children { id name class { code } enrollments { term { code } class { code } }
      guardians { guardianNumber relation { name } } } } }`;

  beforeAll(async () => {
    h = await startPersonalDataHub('parent-children');
    parent = await h.signIn('demo.parent', read);
    const password = 'Parent-2026-other';
    await h.hub.createUser({
      username: 'other.parent',
      displayName: '另一位家长',
      kind: 'PARENT',
      org: DEMO_SCHOOL,
      region: '330102',
      roles: ['PARENT'],
      password,
      // The third guardian record of the demo school: another pupil's.
      personNumber: guardianNumberOf(DEMO_SCHOOL, 3),
    });
    otherParent = await h.signIn('other.parent', read, password);
    admin = await h.hub.tokenFor({ org: '330000', roles: ['SERVICE'], scopes: [...read, 'personal-data'] });
  }, 240_000);
  afterAll(() => h?.stop());

  it("answers me.children with the students of the parent's guardian record, and their enrollments and guardians", async () => {
    const mine = await h.graph(CHILDREN, parent);
    expect(mine.errors).toBeUndefined();
    const children = mine.data!.me.children;
    expect(children.length).toBeGreaterThan(0);
    // The truth, read by a provincial token: the students the guardian record lists.
    const truth = await h.direct(
      'datacenter',
      `{ guardians(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 5) { nodes { guardianNumber students { id } } } }`,
      admin,
    );
    const record = truth.data!.guardians.nodes.find(
      (g: { guardianNumber: string }) => g.guardianNumber === guardianNumberOf(DEMO_SCHOOL, 1),
    );
    expect(children.map((c: { id: string }) => c.id)).toEqual(
      record.students.map((s: { id: string }) => s.id),
    );
    for (const child of children) {
      expect(child.enrollments.length).toBeGreaterThan(0);
      expect(
        child.enrollments.every((e: { class: { code: string } }) => e.class.code === child.class.code),
      ).toBe(true);
      expect(child.guardians.map((g: { guardianNumber: string }) => g.guardianNumber)).toContain(
        guardianNumberOf(DEMO_SCHOOL, 1),
      );
    }
  });

  it("shows another parent its own child, never the first parent's, and neither of them any other pupil", async () => {
    const mine = (await h.graph(CHILDREN, parent)).data!.me.children.map((c: { id: string }) => c.id);
    const theirs = (await h.graph(CHILDREN, otherParent)).data!.me.children.map((c: { id: string }) => c.id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((id: string) => mine.includes(id))).toEqual([]);
    const some = await h.graph(
      `{ students(filter: { schoolCode: "${DEMO_SCHOOL}" }, first: 30) { nodes { id } } }`,
      admin,
    );
    const others = some
      .data!.students.nodes.map((s: { id: string }) => s.id)
      .filter((id: string) => !mine.includes(id));
    expect(others.length).toBeGreaterThan(10);
    const lookups = await h.graph(
      `query($own: ID!, $other: ID!) { own: student(id: $own) { id } other: student(id: $other) { id }
         students(first: 50) { totalCount } }`,
      parent,
      { own: mine[0], other: theirs[0] },
    );
    expect(lookups.errors).toBeUndefined();
    expect(lookups.data).toEqual({ own: { id: mine[0] }, other: null, students: { totalCount: 0 } });
  });

  it('follows the number in the token, not one put in an entity reference sent to the datacenter directly', async () => {
    const me = subjectOf(parent);
    const forged = await h.direct(
      'datacenter',
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { children { id } } } }',
      parent,
      {
        r: [
          { __typename: 'User', id: me, personNumber: guardianNumberOf(DEMO_SCHOOL, 3) },
          { __typename: 'User', id: subjectOf(otherParent), personNumber: guardianNumberOf(DEMO_SCHOOL, 3) },
        ],
      },
    );
    expect(forged.errors).toBeUndefined();
    const own = (await h.graph(CHILDREN, parent)).data!.me.children.map((c: { id: string }) => ({
      id: c.id,
    }));
    expect(forged.data!._entities).toEqual([{ children: own }, { children: [] }]);
  });
});
