import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { setLanguage } from '../src/messages.ts';
import { decodeFile, sniffEncoding } from '../src/read/decode.ts';
import { readRows, type Row } from '../src/read/rows.ts';

setLanguage('en');

const dir = mkdtempSync(join(tmpdir(), 'sync-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

type Plain = Row extends infer R ? (R extends unknown ? Omit<R, 'end'> : never) : never;

/** The data rows of a file (not its header), without their file offsets. */
async function rows(path: string, options: Parameters<typeof readRows>[1] = {}): Promise<Plain[]> {
  const out: Plain[] = [];
  for await (const row of readRows(path, options)) {
    if ('columns' in row) continue;
    const { end: _end, ...plain } = row;
    out.push(plain);
  }
  return out;
}

const CSV = 'XJH,XM,XBM\nG330102202008311437,李乐恒,1\nG330102201911168409,肖怡静,2\n';
const expected = [
  { line: 2, cells: { XJH: 'G330102202008311437', XM: '李乐恒', XBM: '1' } },
  { line: 3, cells: { XJH: 'G330102201911168409', XM: '肖怡静', XBM: '2' } },
];

describe('CSV reader', () => {
  it.each([
    ['UTF-8', Buffer.from(CSV, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')])],
    ['GB18030', iconv.encode(CSV, 'gb18030')],
    ['GB18030 with BOM', iconv.encode('\uFEFF' + CSV, 'gb18030')],
  ])('reads Chinese names from a %s file without being told the encoding', async (name, bytes) => {
    const path = file(`students-${name.replace(/\W/g, '')}.csv`, bytes);
    expect((await rows(path)).map((r) => ({ line: r.line, cells: 'cells' in r ? r.cells : r }))).toEqual(
      expected,
    );
  });

  it('detects the BOMs and falls back to GB18030 when the bytes are not UTF-8', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'auto')).toEqual({
      encoding: 'utf8',
      bomLength: 3,
    });
    expect(sniffEncoding(Buffer.from([0x84, 0x31, 0x95, 0x33]), 'auto')).toEqual({
      encoding: 'gb18030',
      bomLength: 4,
    });
    expect(sniffEncoding(iconv.encode('姓名', 'gb18030'), 'auto').encoding).toBe('gb18030');
    expect(sniffEncoding(Buffer.from('姓名', 'utf8'), 'auto').encoding).toBe('utf8');
  });

  it('refuses a GB18030 file read as UTF-8 with a hint to pass --encoding', async () => {
    const path = file('forced.csv', iconv.encode(CSV, 'gb18030'));
    await expect(rows(path, { encoding: 'utf8' })).rejects.toThrow(/not valid UTF-8.*--encoding gb18030/);
  });

  it('decodes characters split across 1 MiB read chunks', async () => {
    // 3-byte UTF-8 and 2-byte GB18030 characters: every chunk boundary falls inside one of them somewhere.
    const text = '教育数据中心'.repeat(200_000);
    for (const [encoding, bytes] of [
      ['utf8', Buffer.from(text, 'utf8')],
      ['gb18030', iconv.encode(text, 'gb18030')],
    ] as const) {
      const path = file(`big-${encoding}.txt`, bytes);
      let decoded = '';
      for await (const chunk of decodeFile(path)) decoded += chunk;
      expect(decoded.length, encoding).toBe(text.length);
      expect(decoded === text, encoding).toBe(true);
    }
  });

  it('gives the line a record starts on when quoted cells hold line breaks', async () => {
    const path = file(
      'multiline.csv',
      'code,address\n1,"杭州市\n上城区"\n2,plain\n\n3,"a ""quoted"" word"\n',
    );
    const got = await rows(path);
    expect(got.map((r) => r.line)).toEqual([2, 4, 6]);
    expect(got[0]).toMatchObject({ cells: { address: '杭州市\n上城区' } });
    expect(got[2]).toMatchObject({ cells: { address: 'a "quoted" word' } });
  });

  it('reports rows with the wrong number of cells and keeps reading', async () => {
    const path = file('ragged.csv', 'a,b\n1,2\n3\n4,5,6\n7,8\n');
    const got = await rows(path);
    expect(got).toEqual([
      { line: 2, cells: { a: '1', b: '2' }, header: ['a', 'b'] },
      { line: 3, unreadable: 'has 1 cells, the header has 2' },
      { line: 4, unreadable: 'has 3 cells, the header has 2' },
      { line: 5, cells: { a: '7', b: '8' }, header: ['a', 'b'] },
    ]);
  });

  it('accepts a stray quote inside a cell and reads another delimiter', async () => {
    const path = file('semicolon.csv', 'a;b\n5"7;x\n');
    expect(await rows(path, { delimiter: ';' })).toMatchObject([{ line: 2, cells: { a: '5"7', b: 'x' } }]);
  });
});

describe('NDJSON reader', () => {
  it('reads one object per line, skipping blank lines, with line numbers', async () => {
    const path = file('a.ndjson', '{"name":"李乐恒","grade":3}\n\n{"name":"肖怡静"}\r\n');
    expect(await rows(path)).toEqual([
      { line: 1, cells: { name: '李乐恒', grade: 3 } },
      { line: 3, cells: { name: '肖怡静' } },
    ]);
  });

  it('reports lines that are not JSON objects and keeps reading', async () => {
    const path = file('bad.ndjson', '{"a":1}\n{"a":\n[1,2]\n{"a":2}');
    const got = await rows(path);
    expect(
      got.map((r) => ('unreadable' in r ? `${r.line}: ${r.unreadable.split(' (')[0]}` : r.line)),
    ).toEqual([1, '2: is not JSON', '3: is not a JSON object', 4]);
  });

  it('reads a GB18030 NDJSON file', async () => {
    const path = file('gb.jsonl', iconv.encode('{"XM":"李乐恒"}\n', 'gb18030'));
    expect(await rows(path)).toEqual([{ line: 1, cells: { XM: '李乐恒' } }]);
  });
});
