import { stringify } from 'csv-stringify/sync';

/** Starts of a cell that spreadsheets (Excel, WPS, LibreOffice) run as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * CSV injection: a cell such as `=HYPERLINK(…)` or `@SUM(…)` runs when the export is opened in a
 * spreadsheet. Such cells get a leading `'`, which spreadsheets show as text (OWASP's advice);
 * plain numbers such as `-3` stay as they are.
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** CSV lines of rows of cells, every cell neutralised. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((row) => row.map(neutraliseFormula)));
}
