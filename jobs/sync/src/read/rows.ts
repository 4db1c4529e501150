import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeFile, type Encoding } from './decode.ts';
import { formatOf, type FileFormat } from './fileFormat.ts';
import { FilePositions } from './positions.ts';
import { xlsxRows } from './xlsxRows.ts';

/**
 * The rows of an import file, in file order, with the line each starts on and the file offset
 * it ends at (for progress): cells keyed by column name, or why the row could not be read at
 * all (broken quoting, wrong number of cells, not JSON). Every reader streams.
 */
export type Row =
  | { line: number; end: number; cells: Record<string, unknown>; header?: readonly string[] }
  | { line: number; end: number; unreadable: string }
  /** The header row of a CSV file or worksheet, before its first data row (or none). */
  | { line: number; end: number; columns: readonly string[] };

export type { FileFormat };

export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: string;
  format?: FileFormat;
  /** Worksheet of an .xlsx file: its name or 1-based position (default: the first). */
  sheet?: string;
}

export function readRows(path: string, options: ReadOptions = {}): AsyncGenerator<Row> {
  const format = formatOf(path, options.format);
  if (format === 'xlsx') return xlsxRows(path, options.sheet);
  const positions = new FilePositions();
  const text = decodeFile(path, options.encoding, positions);
  return format === 'ndjson'
    ? ndjsonRows(text, positions)
    : csvRows(text, options.delimiter ?? ',', positions);
}

export async function* ndjsonRows(
  text: AsyncIterable<string>,
  positions = new FilePositions(),
): AsyncGenerator<Row> {
  let pending = '';
  let line = 0;
  let consumed = 0;
  const rowOf = (raw: string, newline: number): Row | undefined => {
    line++;
    consumed += Buffer.byteLength(raw) + newline;
    const end = positions.fileOffset(consumed);
    const trimmed = raw.trim();
    if (!trimmed) return undefined;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (!value || typeof value !== 'object' || Array.isArray(value))
        return { line, end, unreadable: 'is not a JSON object' };
      return { line, end, cells: value as Record<string, unknown> };
    } catch (err) {
      return { line, end, unreadable: `is not JSON (${(err as Error).message})` };
    }
  };
  for await (const chunk of text) {
    pending += chunk;
    let start = 0;
    let nl: number;
    while ((nl = pending.indexOf('\n', start)) !== -1) {
      const row = rowOf(pending.slice(start, nl), 1);
      if (row) yield row;
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  const last = rowOf(pending, 0);
  if (last) yield last;
}

interface SkippedRow {
  line: number;
  reason: string;
}

/** CSV with a header row; quoted cells may span lines. */
export async function* csvRows(
  text: AsyncIterable<string>,
  delimiter: string,
  positions = new FilePositions(),
): AsyncGenerator<Row> {
  const skipped: SkippedRow[] = [];
  const parser = parse({
    delimiter,
    info: true,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    on_skip: (err: any) => {
      skipped.push({ line: Number(err?.lines ?? 0), reason: `cannot be read as CSV: ${err?.message}` });
    },
  });
  Readable.from(text)
    .on('error', (err) => parser.destroy(err))
    .pipe(parser);
  let header: string[] | undefined;
  let end = 0;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: any }>) {
    const { record, info } = item;
    // info.lines is the line the record ends on; quoted cells may hold line breaks.
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = Number(info.lines) - breaks;
    while (skipped.length && skipped[0]!.line < line) {
      const s = skipped.shift()!;
      yield { line: s.line, end, unreadable: s.reason };
    }
    end = positions.fileOffset(Number(info.bytes));
    if (!header) {
      header = record.map((c) => c.trim());
      yield { line, end, columns: header };
      continue;
    }
    if (record.length !== header.length) {
      yield { line, end, unreadable: `has ${record.length} cells, the header has ${header.length}` };
      continue;
    }
    const cells: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) cells[header[i]!] = record[i];
    yield { line, end, cells, header };
  }
  for (const s of skipped) yield { line: s.line, end, unreadable: s.reason };
}
