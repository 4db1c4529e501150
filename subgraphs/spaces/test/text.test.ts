import { describe, expect, it } from 'vitest';
import { cleanText, cleanUrl, escapeHtml, textToHtml } from '../src/text.ts';

describe('text sanitisation', () => {
  it('escapes every character that opens markup or an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;',
    );
    expect(textToHtml('一\n二')).toBe('一<br>二');
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    expect(cleanText('😀'.repeat(3), 'text', 3)).toBe('😀😀😀');
    expect(() => cleanText('😀'.repeat(4), 'text', 3)).toThrow(/4 characters long; at most 3/);
  });

  it('collapses titles to one line and refuses empty required text', () => {
    expect(cleanText('  七年级\n(1)班  ', 'title', 20, { singleLine: true })).toBe('七年级 (1)班');
    expect(() => cleanText(' \n ', 'text', 20, { required: true })).toThrow(/text is empty/);
  });

  it('accepts http(s) links only', () => {
    expect(cleanUrl(' https://www.zxx.edu.cn/ ', 'url')).toBe('https://www.zxx.edu.cn/');
    expect(() => cleanUrl('javascript:alert(1)', 'url')).toThrow(/http or https/);
    expect(() => cleanUrl('/relative', 'url')).toThrow(/not an absolute address/);
  });
});
