import { startTestHub, type TestHub } from '@edugraph/infra/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactText, documentTokens, queryTokens, relevance, textRuns } from '../src/search/tokens.ts';
import { READ, REVIEW, WRITE, ok, publishNew } from './helpers.ts';

describe('Chinese tokens for keyword search', () => {
  it('keeps every character and bigram of Chinese text, and Latin words whole', () => {
    expect(documentTokens('分数的认识 PPT')).toEqual([
      '分',
      '分数',
      '数',
      '数的',
      '的',
      '的认',
      '认',
      '认识',
      '识',
      'ppt',
    ]);
  });

  it('segments full-width letters, kana, Han beyond the basic plane, emoji and accented words alike in documents and queries', () => {
    const text = 'ＰＰＴ课件カタカナ𠀋𠀋😀Café٣ 第１课　ⅫÀB';
    expect(documentTokens(text)).toEqual([
      'ppt',
      '课',
      '课件',
      '件',
      '件カ',
      'カ',
      'カタ',
      'タ',
      'タカ',
      'カナ',
      'ナ',
      'ナ𠀋',
      '𠀋',
      '𠀋𠀋',
      'café٣',
      '第',
      '1',
      'xiiàb',
    ]);
    expect(textRuns(text)).toBe('ppt 课件カタカナ𠀋𠀋 café٣ 第 1 课 xiiàb');
    expect(compactText(text)).toBe('ppt课件カタカナ𠀋𠀋café٣第1课xiiàb');
    expect(queryTokens(text)).toEqual([
      'ppt',
      '课件',
      '件カ',
      'カタ',
      'タカ',
      'カナ',
      'ナ𠀋',
      '𠀋𠀋',
      'café٣',
      '第',
      '1',
      '课',
      'xiiàb',
    ]);
  });

  it('turns a query into its bigrams, which a title containing the words holds', () => {
    expect(queryTokens('分数 认识')).toEqual(['分数', '认识']);
    expect(queryTokens('圆的面积')).toEqual(['圆的', '的面', '面积']);
    expect(queryTokens('圆')).toEqual(['圆']);
    const title = documentTokens('六年级《圆的周长与面积》');
    expect(queryTokens('周长').every((q) => title.includes(q))).toBe(true);
    expect(queryTokens('面积周长').every((q) => title.includes(q))).toBe(false);
  });

  it('ranks the exact title above titles starting with or containing the query, then descriptions', () => {
    const scores = ['分数', '分数的初步认识', '认识分数', '小数乘法'].map((title) =>
      relevance('分数', { title, description: title === '小数乘法' ? '与分数的关系' : '' }),
    );
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(relevance('分数', { title: '分  数' })).toBe(relevance('分数', { title: '分数' }));
  });
});

describe('catalog search and facets over HTTP, from the postings in the database', () => {
  let hub: TestHub;
  let reader: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({ services: ['identity', 'resources'] });
    const author = await hub.tokenFor({ org: '100000', roles: ['NATIONAL_ADMIN'], scopes: [READ, WRITE] });
    const reviewer = await hub.tokenFor({
      org: '100000',
      roles: ['RESOURCE_REVIEWER'],
      scopes: [READ, REVIEW],
    });
    reader = await hub.tokenFor({ org: '330000', roles: ['PROVINCIAL_ADMIN'], scopes: [READ] });
    const catalog: [key: string, title: string, extra: Record<string, unknown>][] = [
      ['partial', '分数的初步认识（三年级数学）', { grade: 3 }],
      ['exact', '分数', { grade: 5, kind: 'MICRO_LESSON', format: 'mp4' }],
      ['inside', '认识百分数的应用', { stage: 'PRIMARY', grade: 6 }],
      ['description', '小数乘法', { grade: 5, description: '复习分数与小数的互化。' }],
      ['apart', '分子与分母：数的读写', { grade: 5 }],
      ['other', '初中物理 浮力', { stage: 'JUNIOR', subject: 'PHYSICS', grade: 8, edition: '沪科版' }],
    ];
    for (const [key, title, extra] of catalog)
      ids[key] = await publishNew(hub, author, reviewer, title, extra);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const SEARCH = `query($q: String, $first: Int, $after: String, $filter: ResourceFilter, $sort: ResourceSort) {
    resources(query: $q, first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      nodes { id title }
      pageInfo { hasNextPage endCursor }
      facets { grade { value label count } subject { value count } kind { value label count } }
    }
  }`;

  it('finds every title and description containing a two-character word, exact title first', async () => {
    const data = await ok(hub, SEARCH, { q: '分数' }, reader);
    const found = data.resources.nodes.map((n: { id: string }) => n.id);
    expect(found[0]).toBe(ids.exact);
    expect(found).toEqual([ids.exact, ids.partial, ids.inside, ids.description]);
    expect(found).not.toContain(ids.apart);
    expect(data.resources.totalCount).toBe(4);
  });

  it('pages through ranked results with cursors, without repeats', async () => {
    const first = await ok(hub, SEARCH, { q: '分数', first: 3 }, reader);
    expect(first.resources.pageInfo.hasNextPage).toBe(true);
    const second = await ok(
      hub,
      SEARCH,
      { q: '分数', first: 3, after: first.resources.pageInfo.endCursor },
      reader,
    );
    expect(second.resources.pageInfo.hasNextPage).toBe(false);
    const all = [...first.resources.nodes, ...second.resources.nodes].map((n: { id: string }) => n.id);
    expect(all).toEqual([ids.exact, ids.partial, ids.inside, ids.description]);
  });

  it('counts facets of the matches, each facet ignoring its own filter', async () => {
    const data = await ok(hub, SEARCH, { q: '分数', filter: { grade: 5 } }, reader);
    expect(data.resources.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [ids.exact, ids.description].sort(),
    );
    expect(data.resources.facets.grade).toEqual([
      { value: '5', label: '五年级', count: 2 },
      { value: '3', label: '三年级', count: 1 },
      { value: '6', label: '六年级', count: 1 },
    ]);
    expect(data.resources.facets.kind).toEqual([
      { value: 'COURSEWARE', label: '课件', count: 1 },
      { value: 'MICRO_LESSON', label: '微课', count: 1 },
    ]);
    const all = await ok(hub, SEARCH, {}, reader);
    expect(all.resources.facets.subject).toEqual([
      { value: 'MATH', count: 5 },
      { value: 'PHYSICS', count: 1 },
    ]);
  });

  it('finds a single character in titles and descriptions', async () => {
    const data = await ok(hub, SEARCH, { q: '浮' }, reader);
    expect(data.resources.nodes.map((n: { id: string }) => n.id)).toEqual([ids.other]);
  });

  it("pages through a single character's matches by relevance, each once, in the order of one page", async () => {
    // 数 is in five titles or descriptions: no postings, the ranking streams the matches.
    const whole = await ok(hub, SEARCH, { q: '数', first: 10 }, reader);
    const order = whole.resources.nodes.map((n: { id: string }) => n.id);
    expect(order).toHaveLength(5);
    expect(whole.resources.totalCount).toBe(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data = await ok(hub, SEARCH, { q: '数', first: 2, after }, reader);
      seen.push(...data.resources.nodes.map((n: { id: string }) => n.id));
      expect(data.resources.totalCount).toBe(5);
      expect(data.resources.pageInfo.hasNextPage).toBe(page < 2);
      after = data.resources.pageInfo.endCursor;
    }
    expect(seen).toEqual(order);
  });

  it('pages through the newest without a keyword, each resource once, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const data = await ok(hub, SEARCH, { sort: 'NEWEST', first: 2, after }, reader);
      seen.push(...data.resources.nodes.map((n: { id: string }) => n.id));
      after = data.resources.pageInfo.endCursor;
      expect(data.resources.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen).toEqual(['other', 'apart', 'description', 'inside', 'exact', 'partial'].map((k) => ids[k]));
  });

  it('sorts by newest and by most used', async () => {
    const newest = await ok(hub, SEARCH, { sort: 'NEWEST' }, reader);
    expect(newest.resources.nodes[0].id).toBe(ids.other);
    const viewer = await hub.tokenFor({ org: '330000', roles: ['TEACHER'], scopes: [READ] });
    await ok(hub, 'mutation($id: ID!) { recordResourceDownload(id: $id) { id } }', { id: ids.apart }, viewer);
    const used = await ok(hub, SEARCH, { sort: 'MOST_USED', first: 1 }, reader);
    expect(used.resources.nodes[0].id).toBe(ids.apart);
  });
});
