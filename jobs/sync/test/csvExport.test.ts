import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLines, neutraliseFormula } from '../src/export/csvCells.ts';
import { exportCell } from '../src/records/columns.ts';

describe('CSV export cells', () => {
  it('prefixes cells a spreadsheet would run as a formula with an apostrophe', () => {
    for (const cell of [
      '=HYPERLINK("http://evil.example","点我")',
      '+1+2',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1',
      '\r=1',
    ])
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves names, codes, dates and plain numbers (negative ones too) as they are', () => {
    for (const cell of ['张三', 'G330102201301011236', '2020-08-31', '-3', '+12.5', '0', '', 'a=b', 'x@y'])
      expect(neutraliseFormula(cell)).toBe(cell);
  });

  it('writes rows whose formula-like cells read back as text, quoting kept intact', () => {
    const row = [
      'G330102201301011236',
      exportCell('students', 'english', 'name', '=cmd|" /C calc"!A0'),
      exportCell('students', 'english', 'ethnicity', '汉族'),
      '@IMPORTXML("http://evil.example")',
    ];
    const text = csvLines([['registryNumber', 'name', 'ethnicity', 'note'], row]);
    const [, back] = parse(text) as string[][];
    expect(back).toEqual([
      'G330102201301011236',
      `'=cmd|" /C calc"!A0`,
      '汉族',
      `'@IMPORTXML("http://evil.example")`,
    ]);
  });
});
