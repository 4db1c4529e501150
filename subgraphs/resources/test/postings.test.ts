import { describe, expect, it } from 'vitest';
import { TokenPostings } from '../src/search/postings.ts';
import { documentTokens, queryTokens } from '../src/search/tokens.ts';

describe('the inverted lists of search tokens', () => {
  const index = () => {
    const postings = new TokenPostings<string>();
    const put = (id: string, title: string) => postings.put(id, id, documentTokens(title));
    return { postings, put, match: (q: string) => postings.match(queryTokens(q))?.sort() };
  };

  it('answers the resources holding every bigram of the query, and nothing for an unknown one', () => {
    const { put, match } = index();
    put('a', '长方形和正方形的周长');
    put('b', '正方形的面积');
    put('c', '分数的初步认识 PPT');
    expect(match('正方形')).toEqual(['a', 'b']);
    expect(match('长方形')).toEqual(['a']);
    expect(match('ppt 分数')).toEqual(['c']);
    expect(match('圆柱')).toEqual([]);
  });

  it('leaves single characters to the caller, who scans', () => {
    const { match, put } = index();
    put('a', '数学');
    expect(match('数')).toBeUndefined();
    // A single character next to a bigram: the bigram's list, to be checked for the character.
    expect(match('数学 数')).toEqual(['a']);
  });

  it('forgets the old text of a changed resource and keeps answering after dropping dead slots', () => {
    const { put, match, postings } = index();
    for (let i = 0; i < 3000; i++) put(`r${i}`, i % 2 ? '光合作用 实验' : '浮力 实验');
    // Every resource changes: 3,000 dead slots, more than the live ones, so the lists are compacted.
    for (let i = 0; i < 3000; i++) put(`r${i}`, i % 3 ? '浮力 课件' : '光合作用 课件');
    expect(match('实验')).toEqual([]);
    expect(match('光合作用')).toHaveLength(1000);
    expect(match('浮力')).toHaveLength(2000);
    postings.remove('r0');
    expect(match('光合作用 课件')).toHaveLength(999);
    put('new', '浮力 课件');
    expect(match('浮力 课件')).toHaveLength(2001);
  });
});
