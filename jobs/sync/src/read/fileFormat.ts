import { extname } from 'node:path';
import { t } from '../messages.ts';

/**
 * Which reader a file needs, from `--format` or its extension. An extension the CLI does not
 * know is refused before anything is read or sent: reading a spreadsheet or a Word file as CSV
 * would "check 0 records" and succeed.
 */
export type FileFormat = 'csv' | 'ndjson' | 'xlsx';

export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'ndjson', 'xlsx'];

const BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.xlsx': 'xlsx',
};

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);

/** A file of a type the CLI cannot read. */
export class UnsupportedFileType extends Error {
  readonly path: string;
  readonly extension: string;
  constructor(path: string, extension: string) {
    super(t().unsupportedFile(path, extension, SUPPORTED_EXTENSIONS.join(', ')));
    this.path = path;
    this.extension = extension;
  }
}

export function formatOf(path: string, wanted?: FileFormat): FileFormat {
  if (wanted) return wanted;
  const ext = extname(path).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format) throw new UnsupportedFileType(path, ext);
  return format;
}
