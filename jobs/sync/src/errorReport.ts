import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/**
 * The per-record error report: a CSV file (UTF-8 with a BOM so spreadsheet software shows the
 * Chinese text) with one row per problem — file, line, key, field, reason. Rows are appended
 * batch by batch, in file order; a resumed run first cuts the report back to the length its
 * checkpoint recorded, so no row is lost or repeated.
 */
export interface ReportRow {
  file: string;
  line: number;
  key: string | null;
  field: string;
  reason: string;
}

export const REPORT_COLUMNS = ['file', 'line', 'key', 'field', 'reason'] as const;
const BOM = '\uFEFF';

export class ErrorReport {
  readonly path: string;
  private readonly columns: readonly string[];
  private fd: number | undefined;
  private bytes: number;
  private rowCount = 0;

  /**
   * `resumeAt` (from a checkpoint) keeps the report's first bytes; otherwise the report starts
   * anew. The file is created at the first row: a clean run leaves no report behind.
   */
  constructor(path: string, resumeAt?: number, columns: readonly string[] = REPORT_COLUMNS) {
    this.path = path;
    this.columns = columns;
    this.bytes = resumeAt ?? 0;
    if (resumeAt) {
      this.fd = openSync(path, 'r+');
      const size = fstatSync(this.fd).size;
      if (size < resumeAt)
        throw new Error(
          `the error report ${path} is shorter than its checkpoint says: delete both to start over`,
        );
      if (size > resumeAt) ftruncateSync(this.fd, resumeAt);
    }
  }

  /** Bytes written so far (what a checkpoint records). */
  get size(): number {
    return this.bytes;
  }

  /** Rows appended by this run. */
  get rowsWritten(): number {
    return this.rowCount;
  }

  append(rows: readonly ReportRow[]): void {
    this.appendCells(rows.map((r) => [r.file, r.line, r.key ?? '', r.field, r.reason]));
  }

  /** Rows of a report with other columns (pull's). */
  appendCells(rows: readonly (readonly unknown[])[]): void {
    if (!rows.length) return;
    this.write(stringify(rows as unknown[][]));
    this.rowCount += rows.length;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private write(text: string): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.path, 'w');
      this.bytes = 0;
      text = BOM + stringify([[...this.columns]]) + text;
    }
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < buffer.length)
      offset += writeSync(this.fd, buffer, offset, buffer.length - offset, this.bytes + offset);
    this.bytes += buffer.length;
  }
}
