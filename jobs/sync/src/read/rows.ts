import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeFile, type Encoding } from './decode.ts';

/**
 * The rows of an import file, in file order, with the line each starts on: cells keyed by
 * column name, or why the row could not be read at all (broken quoting, wrong number of cells,
 * not JSON). Both readers stream.
 */
export type Row =
  | { line: number; cells: Record<string, unknown>; header?: readonly string[] }
  | { line: number; unreadable: string };

export type FileFormat = 'csv' | 'ndjson';

export function formatOf(path: string, wanted?: FileFormat): FileFormat {
  if (wanted) return wanted;
  return /\.(nd)?jsonl?$|\.ndjson$/i.test(path) ? 'ndjson' : 'csv';
}

export interface ReadOptions {
  encoding?: Encoding;
  delimiter?: string;
  format?: FileFormat;
  onBytes?: (bytesRead: number) => void;
}

export function readRows(path: string, options: ReadOptions = {}): AsyncGenerator<Row> {
  return formatOf(path, options.format) === 'ndjson'
    ? ndjsonRows(decodeFile(path, options.encoding, options.onBytes))
    : csvRows(decodeFile(path, options.encoding, options.onBytes), options.delimiter ?? ',');
}

export async function* ndjsonRows(text: AsyncIterable<string>): AsyncGenerator<Row> {
  let pending = '';
  let line = 0;
  const rowOf = (raw: string): Row | undefined => {
    line++;
    const trimmed = raw.trim();
    if (!trimmed) return undefined;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (!value || typeof value !== 'object' || Array.isArray(value))
        return { line, unreadable: 'is not a JSON object' };
      const cells = value as Record<string, unknown>;
      return { line, cells };
    } catch (err) {
      return { line, unreadable: `is not JSON (${(err as Error).message})` };
    }
  };
  for await (const chunk of text) {
    pending += chunk;
    let start = 0;
    let nl: number;
    while ((nl = pending.indexOf('\n', start)) !== -1) {
      const row = rowOf(pending.slice(start, nl));
      if (row) yield row;
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  const last = rowOf(pending);
  if (last) yield last;
}

interface SkippedRow {
  line: number;
  reason: string;
}

/** CSV with a header row; quoted cells may span lines. */
export async function* csvRows(text: AsyncIterable<string>, delimiter: string): AsyncGenerator<Row> {
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
  for await (const item of parser as AsyncIterable<{ record: string[]; info: any }>) {
    const { record, info } = item;
    // info.lines is the line the record ends on; quoted cells may hold line breaks.
    const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = Number(info.lines) - breaks;
    while (skipped.length && skipped[0]!.line < line) {
      const s = skipped.shift()!;
      yield { line: s.line, unreadable: s.reason };
    }
    if (!header) {
      header = record.map((c) => c.trim());
      continue;
    }
    if (record.length !== header.length) {
      yield { line, unreadable: `has ${record.length} cells, the header has ${header.length}` };
      continue;
    }
    const cells: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) cells[header[i]!] = record[i];
    yield { line, cells, header };
  }
  for (const s of skipped) yield { line: s.line, unreadable: s.reason };
}
