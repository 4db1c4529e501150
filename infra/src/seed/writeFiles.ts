import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  columnNames,
  RECORD_KINDS,
  toRow,
  type ColumnStyle,
  type RecordKind,
  type RecordsByKind,
} from '@edugraph/shared/records';
import type { GeneratedProvince } from './generate.ts';

export type SeedFileFormat = 'ndjson' | 'csv' | 'xlsx';
export type SeedFileEncoding = 'utf8' | 'gb18030';

export interface WriteSeedFilesOptions {
  out: string;
  format: SeedFileFormat;
  columns: ColumnStyle;
  encoding: SeedFileEncoding;
  /** Start each file with a byte order mark (Excel wants one to read UTF-8 CSV). */
  bom?: boolean;
  kinds?: readonly RecordKind[];
}

export interface WrittenSeedFile {
  kind: RecordKind;
  path: string;
  records: number;
}

/** Records per written chunk: large enough to keep writes cheap, small enough to stay flat. */
const BATCH = 1000;

/**
 * Writes one file per kind (`<out>/<kind>.<format>`), streaming each generator through the
 * encoder into the file with backpressure, so memory stays flat for any size.
 */
export async function writeSeedFiles(
  province: GeneratedProvince,
  options: WriteSeedFilesOptions,
): Promise<WrittenSeedFile[]> {
  await mkdir(options.out, { recursive: true });
  const written: WrittenSeedFile[] = [];
  for (const kind of options.kinds ?? RECORD_KINDS) {
    const path = join(options.out, `${kind}.${options.format}`);
    const counter = { records: 0 };
    if (options.format === 'xlsx') {
      await writeWorkbook(path, province, kind, options.columns, counter);
      written.push({ kind, path, records: counter.records });
      continue;
    }
    const text =
      options.format === 'csv'
        ? csvChunks(province, kind, options.columns, counter)
        : ndjsonChunks(province, kind, options.columns, counter);
    await pipeline(Readable.from(encodeChunks(text, options)), createWriteStream(path));
    written.push({ kind, path, records: counter.records });
  }
  return written;
}

function* encodeChunks(chunks: Iterable<string>, options: WriteSeedFilesOptions): Generator<Buffer> {
  let first = true;
  for (let chunk of chunks) {
    if (first && options.bom) chunk = '\uFEFF' + chunk;
    first = false;
    yield options.encoding === 'gb18030' ? iconv.encode(chunk, 'gb18030') : Buffer.from(chunk, 'utf8');
  }
  if (first && options.bom)
    yield options.encoding === 'gb18030' ? iconv.encode('\uFEFF', 'gb18030') : Buffer.from('\uFEFF', 'utf8');
}

function* ndjsonChunks<K extends RecordKind>(
  province: GeneratedProvince,
  kind: K,
  style: ColumnStyle,
  counter: { records: number },
): Generator<string> {
  let lines: string[] = [];
  for (const record of province.records(kind) as Generator<RecordsByKind[K]>) {
    lines.push(JSON.stringify(style === 'english' ? record : toRow(kind, record, style)));
    counter.records++;
    if (lines.length === BATCH) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}

function* csvChunks<K extends RecordKind>(
  province: GeneratedProvince,
  kind: K,
  style: ColumnStyle,
  counter: { records: number },
): Generator<string> {
  let rows: string[][] = [columnNames(kind, style)];
  for (const record of province.records(kind) as Generator<RecordsByKind[K]>) {
    rows.push(Object.values(toRow(kind, record, style)));
    counter.records++;
    if (rows.length >= BATCH) {
      yield stringify(rows);
      rows = [];
    }
  }
  if (rows.length > 0) yield stringify(rows);
}

/**
 * One workbook per kind, its first sheet named after the kind, streamed row by row (ExcelJS's
 * streaming writer commits each row): cells are text, so codes keep their leading zeros (01).
 */
async function writeWorkbook<K extends RecordKind>(
  path: string,
  province: GeneratedProvince,
  kind: K,
  style: ColumnStyle,
  counter: { records: number },
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(columnNames(kind, style)).commit();
  for (const record of province.records(kind) as Generator<RecordsByKind[K]>) {
    sheet.addRow(Object.values(toRow(kind, record, style))).commit();
    counter.records++;
  }
  sheet.commit();
  await workbook.commit();
}
