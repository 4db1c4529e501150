import { kindSpecs, type RecordKind } from '../kinds.ts';
import { coerceRecord, type FieldProblem } from '../records/coerce.ts';
import type { CodeSource } from '../records/codeSets.ts';
import {
  bindRow,
  columnsProblem,
  resolveColumns,
  type ColumnMapping,
  type ResolvedColumns,
} from '../records/columns.ts';
import { t } from '../messages.ts';
import { validateRecord } from '../records/validate.ts';
import { readRows, type ReadOptions } from './rows.ts';

/**
 * The records of one import file, in file order: each a typed record ready to send, or the
 * problems that keep it out (with the line it starts on). Every data row yields exactly one
 * item, which is what makes a checkpoint's "items done" count meaningful on a re-run.
 */
export interface SourceItem {
  line: number;
  /** File offset where the row ends (progress). */
  end: number;
  /** The natural key's value when the row has one (for the error report). */
  key: string | null;
  record: Record<string, unknown> | null;
  problems: FieldProblem[];
}

/** A file that cannot be imported at all (wrong columns): the whole run stops. */
export class FileProblem extends Error {}

export interface RecordReadOptions extends ReadOptions {
  mapping?: ColumnMapping;
  /** The code tables coded fields are checked against (default: the built-in ones). */
  codes?: CodeSource;
  /** Called once per distinct set of columns nothing reads. */
  onIgnoredColumns?: (columns: string[]) => void;
}

export async function* readRecords(
  path: string,
  kind: RecordKind,
  options: RecordReadOptions = {},
): AsyncGenerator<SourceItem> {
  const spec = kindSpecs[kind];
  let headerColumns: ResolvedColumns | undefined;
  const byKeys = new Map<string, ResolvedColumns>();
  // A header that lacks a required field makes the whole file unusable, even without rows.
  const readHeader = (header: readonly string[]) => {
    headerColumns = resolveColumns(kind, header, options.mapping);
    const problem = columnsProblem(kind, headerColumns);
    if (problem) throw new FileProblem(t().cannotImport(path, kind, problem));
    if (headerColumns.ignored.length) options.onIgnoredColumns?.(headerColumns.ignored);
  };
  const columnsOf = (row: { cells: Record<string, unknown>; header?: readonly string[] }) => {
    if (row.header) {
      if (!headerColumns) readHeader(row.header);
      return headerColumns!;
    }
    // NDJSON objects may leave out nullable fields: a missing required one is that record's problem.
    const keys = Object.keys(row.cells);
    const cacheKey = keys.join('\u0000');
    let resolved = byKeys.get(cacheKey);
    if (!resolved) {
      resolved = resolveColumns(kind, keys, options.mapping);
      if (resolved.ignored.length) options.onIgnoredColumns?.(resolved.ignored);
      if (byKeys.size < 1000) byKeys.set(cacheKey, resolved);
    }
    return resolved;
  };

  for await (const row of readRows(path, options)) {
    if ('columns' in row) {
      readHeader(row.columns);
      continue;
    }
    if ('unreadable' in row) {
      yield {
        line: row.line,
        end: row.end,
        key: null,
        record: null,
        problems: [{ field: '', reason: row.unreadable }],
      };
      continue;
    }
    const raw = bindRow(columnsOf(row), (c) => row.cells[c]);
    const rawKey = raw[spec.key];
    const key = rawKey === undefined || rawKey === null || rawKey === '' ? null : String(rawKey).trim();
    const coerced = coerceRecord(spec, raw, options.codes);
    const { record } = coerced;
    const problems = coerced.problems.map((p) => ({ ...p, reason: t().localReason(p.reason) }));
    if (problems.length) {
      yield { line: row.line, end: row.end, key, record: null, problems };
      continue;
    }
    const invalid = validateRecord(kind, record).map((p) => ({ ...p, reason: t().localReason(p.reason) }));
    yield invalid.length
      ? { line: row.line, end: row.end, key, record: null, problems: invalid }
      : { line: row.line, end: row.end, key, record, problems: [] };
  }
}
