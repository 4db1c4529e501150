import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { t } from '../messages.ts';
import type { Row } from './rows.ts';

/**
 * The rows of one worksheet of an .xlsx file, streamed with exceljs's WorkbookReader (the
 * workbook never sits in memory whole): the first non-empty row is the header, empty rows are
 * skipped, `line` is the spreadsheet's row number. Cells become the text a CSV would hold:
 * dates as YYYY-MM-DD, numbers as written, rich text and formula results as their text.
 */
export class SheetNotFound extends Error {
  readonly available: readonly string[];
  constructor(path: string, sheet: string, available: readonly string[]) {
    super(t().sheetNotFound(path, sheet, available));
    this.available = available;
  }
}

type Cell = ExcelJS.CellValue;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A cell's value as the text a CSV export of the sheet would hold. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date)
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return cellText((value.result ?? null) as Cell);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as Cell);
  if ('error' in value) return String(value.error);
  return '';
}

interface SheetChoice {
  /** 1-based position among the workbook's sheets, or a sheet name. */
  position?: number;
  name?: string;
}

function choiceOf(sheet: string | undefined): SheetChoice {
  if (!sheet) return { position: 1 };
  return /^\d+$/.test(sheet) ? { position: Number(sheet) } : { name: sheet };
}

/** Position of a worksheet among the workbook's tabs (known once workbook.xml is read). */
function positionOf(reader: unknown, sheet: { id: number; name: string }): number {
  const sheets = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets;
  const at = sheets?.findIndex((s) => s.name === sheet.name) ?? -1;
  return at >= 0 ? at + 1 : Number(sheet.id);
}

export async function* xlsxRows(path: string, sheet?: string): AsyncGenerator<Row> {
  let bytesRead = 0;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const counted = file.pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytesRead += chunk.length;
        done(null, chunk);
      },
    }),
  );
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(counted, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const choice = choiceOf(sheet);
  const seen: string[] = [];
  try {
    for await (const worksheet of workbook) {
      const ws = worksheet as unknown as { id: number; name: string } & AsyncIterable<ExcelJS.Row>;
      seen.push(ws.name);
      const chosen = choice.name ? ws.name === choice.name : positionOf(workbook, ws) === choice.position;
      if (!chosen) {
        // The zip is one stream: a sheet that is not read must still be drained.
        for await (const _row of ws);
        continue;
      }
      yield* sheetRows(ws, () => bytesRead);
      return;
    }
    throw new SheetNotFound(path, sheet ?? '1', seen);
  } finally {
    file.destroy();
  }
}

async function* sheetRows(rows: AsyncIterable<ExcelJS.Row>, bytes: () => number): AsyncGenerator<Row> {
  let header: string[] | undefined;
  let named: string[] = [];
  for await (const row of rows) {
    const values = (row.values as Cell[]).slice(1).map(cellText);
    if (values.every((v) => v.trim() === '')) continue;
    const line = row.number;
    const end = bytes();
    if (!header) {
      header = values.map((v) => v.trim());
      named = header.filter(Boolean);
      yield { line, end, columns: named };
      continue;
    }
    const beyond = values.findIndex((v, i) => i >= header!.length && v.trim() !== '');
    if (beyond >= 0) {
      yield { line, end, unreadable: `has a value in column ${beyond + 1}, which has no header` };
      continue;
    }
    const cells: Record<string, unknown> = {};
    header.forEach((name, i) => {
      if (name) cells[name] = values[i] ?? '';
    });
    yield { line, end, cells, header: named };
  }
}
