import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_A, openSchool, startSpacesHub, type SpacesHub } from './fixture.ts';

const PAYLOAD = `<script>alert(document.cookie)</script><img src=x onerror="alert(1)"> & 'quotes' \`tick\`\n第二行`;
const ESCAPED =
  '&lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;quotes&#39; &#96;tick&#96;<br>第二行';

/** No markup survives anywhere a stored post, comment or title is shown. */
const inert = (html: string) => expect(html).not.toMatch(/<(?!br>)[a-z/!]/i);

describe('stored XSS', () => {
  let h: SpacesHub;
  let classA: string;
  let postId: string;
  beforeAll(async () => {
    h = await startSpacesHub();
    classA = (await openSchool(h))[`class:${CLASS_A}`]!;
    const created = await h.ok(
      h.tokens.student,
      'mutation($i: CreatePostInput!) { createPost(input: $i) { id text textHtml } }',
      {
        i: {
          spaceId: classA,
          text: PAYLOAD,
          attachments: [{ kind: 'LINK', url: 'https://example.org/a?b=<c>', title: '<b>粗体</b>' }],
        },
      },
    );
    postId = created.createPost.id;
    await h.ok(
      h.tokens.classmate,
      'mutation($p: ID!, $t: String!) { addComment(postId: $p, text: $t) { id } }',
      { p: postId, t: PAYLOAD },
    );
  }, 180_000);
  afterAll(() => h?.stop());

  it('returns the payload as the exact text typed and as escaped HTML on every path', async () => {
    const fields = 'text textHtml attachments { url title } comments { edges { node { text textHtml } } }';
    const paths = [
      [
        'space feed',
        `query { space(id: "${classA}") { posts { edges { node { id ${fields} } } } } }`,
        (d: any) => d.space.posts.edges[0].node,
      ],
      [
        'user feed',
        `query { myFeed { edges { node { id ${fields} } } } }`,
        (d: any) => d.myFeed.edges[0].node,
      ],
      ['lookup', `query { post(id: "${postId}") { id ${fields} } }`, (d: any) => d.post],
      [
        'entity reference',
        `query { _entities(representations: [{ __typename: "Post", id: "${postId}" }]) { ... on Post { id ${fields} } } }`,
        (d: any) => d._entities[0],
      ],
    ] as const;
    for (const [name, query, pick] of paths) {
      // The school administrator oversees the class without being a member: no user feed.
      const viewers =
        name === 'user feed'
          ? [h.tokens.classmate, h.tokens.teacher]
          : [h.tokens.classmate, h.tokens.teacher, h.tokens.schoolAdmin];
      for (const token of viewers) {
        const node = pick(await h.ok(token, query));
        expect(node.id, name).toBe(postId);
        expect(node.text, name).toBe(PAYLOAD);
        expect(node.textHtml, name).toBe(ESCAPED);
        inert(node.textHtml);
        expect(node.comments.edges[0].node.text).toBe(PAYLOAD);
        expect(node.comments.edges[0].node.textHtml).toBe(ESCAPED);
        // The URL is normalised (the angle brackets percent-encoded); the title stays plain text.
        expect(node.attachments[0]).toEqual({ url: 'https://example.org/a?b=%3Cc%3E', title: '<b>粗体</b>' });
      }
    }
  });

  it('refuses script and data links', async () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      '//evil.example/x',
    ]) {
      const body = await h.gql(
        h.tokens.student,
        'mutation($i: CreatePostInput!) { createPost(input: $i) { id } }',
        {
          i: { spaceId: classA, text: '链接', attachments: [{ kind: 'LINK', url }] },
        },
      );
      expect(body.errors?.[0]?.extensions, url).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'attachments.0.url',
      });
    }
  });

  it('strips control and direction-override characters from stored text', async () => {
    const body = await h.ok(
      h.tokens.student,
      'mutation($i: CreatePostInput!) { createPost(input: $i) { text } }',
      {
        i: { spaceId: classA, text: 'abc\u0000\u202Egnp.exe\r\nok\u0007' },
      },
    );
    expect(body.createPost.text).toBe('abcgnp.exe\nok');
  });
});
