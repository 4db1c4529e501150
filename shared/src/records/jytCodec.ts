import { codeOf } from './codeLookup.ts';
import type { RecordKind, RecordsByKind } from './kinds.ts';
import {
  columnName,
  jytColumns,
  type ColumnSpec,
  type ColumnStyle,
  type ColumnValueType,
} from './jytColumns.ts';

/**
 * Record values to and from the cells of import files in each column style (jytColumns.ts):
 * coded fields through the code tables, dates, yes/no and urban/rural in the standard's forms.
 */
function encodeValue(c: Pick<ColumnSpec, 'type' | 'table'>, value: unknown, style: ColumnStyle): string {
  if (value === null || value === undefined) return '';
  // Chinese labels carry the standard's values, as JY/T codes do.
  const jyt = style !== 'english';
  switch (c.type) {
    case 'boolean':
    case 'optionalBoolean':
      return jyt ? (value ? '1' : '0') : String(value);
    case 'urban':
      return jyt ? (value ? '1' : '2') : String(value);
    case 'date':
    case 'optionalDate':
      return jyt ? String(value).replaceAll('-', '') : String(value);
    case 'code':
    case 'optionalCode':
      // Records hold codes; one written before code sets (MALE, 汉族) is written as its code.
      return codeOf(c.table!, value) ?? String(value);
    case 'list':
      return (value as string[]).join(';');
    default:
      return String(value);
  }
}

/** A record as flat text cells, keyed by the style's column names (CSV, JY/T NDJSON). */
export function toRow<K extends RecordKind>(
  kind: K,
  record: RecordsByKind[K],
  style: ColumnStyle,
): Record<string, string> {
  const row: Record<string, string> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const c of jytColumns[kind]) row[columnName(c, style)] = encodeValue(c, source[c.field], style);
  return row;
}

export interface ColumnIssue {
  field: string;
  column: string;
  message: string;
}

const OPTIONAL: readonly ColumnValueType[] = [
  'optionalText',
  'optionalCode',
  'optionalBoolean',
  'optionalDate',
];
const TEXTUAL: readonly ColumnValueType[] = ['date', 'optionalDate', 'code', 'optionalCode', 'urban'];

function decodeValue(
  c: Pick<ColumnSpec, 'type' | 'table'>,
  raw: unknown,
): { value: unknown } | { message: string } {
  const { type } = c;
  const optional = OPTIONAL.includes(type);
  if (typeof raw !== 'string') {
    // NDJSON in English style carries native JSON values.
    if (TEXTUAL.includes(type)) raw = raw === null || raw === undefined ? '' : String(raw);
    else if (raw === undefined || (raw === null && optional))
      return optional ? { value: null } : { message: 'is missing' };
    else return { value: raw };
  }
  const text = (raw as string).trim();
  if (text === '') return optional ? { value: null } : { message: 'is empty' };
  switch (type) {
    case 'int':
    case 'decimal': {
      const n = Number(text);
      if (!Number.isFinite(n) || (type === 'int' && !Number.isInteger(n)))
        return { message: `"${text}" is not ${type === 'int' ? 'a whole number' : 'a number'}` };
      return { value: n };
    }
    case 'boolean':
    case 'optionalBoolean':
    case 'urban': {
      const yes = type === 'urban' ? /^(true|1\d*|城镇)$/i : /^(true|1|是|y|yes)$/i;
      const no = type === 'urban' ? /^(false|2\d*|乡村|0)$/i : /^(false|0|2|否|n|no)$/i;
      if (yes.test(text)) return { value: true };
      if (no.test(text)) return { value: false };
      return { message: `"${text}" is not a yes/no value` };
    }
    case 'date':
    case 'optionalDate': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
      return m
        ? { value: `${m[1]}-${m[2]}-${m[3]}` }
        : { message: `"${text}" is not a date (YYYYMMDD or YYYY-MM-DD)` };
    }
    case 'code':
    case 'optionalCode': {
      // A code the built-in table lacks goes on as written: the hub's code sets decide.
      const known = codeOf(c.table!, text);
      if (known !== undefined || /^[0-9A-Z]{1,4}$/.test(text)) return { value: known ?? text };
      return { message: `"${text}" is not a code or name of table ${c.table}` };
    }
    case 'list':
      return {
        value: text
          .split(/[;；、,，]/)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    default:
      return { value: text };
  }
}

/**
 * A row read from a file (English or JY/T column names, text or JSON values) back into a
 * record, with one issue per field that is missing or cannot be read.
 */
export function fromRow<K extends RecordKind>(
  kind: K,
  row: Readonly<Record<string, unknown>>,
): { record: RecordsByKind[K]; issues: ColumnIssue[] } {
  const record: Record<string, unknown> = {};
  const issues: ColumnIssue[] = [];
  for (const c of jytColumns[kind]) {
    const column = c.field in row ? c.field : c.jyt in row ? c.jyt : c.label in row ? c.label : c.jyt;
    const decoded = decodeValue(c, row[column]);
    if ('value' in decoded) record[c.field] = decoded.value;
    else issues.push({ field: c.field, column, message: `${c.label} (${column}) ${decoded.message}` });
  }
  return { record: record as unknown as RecordsByKind[K], issues };
}

/** A JY/T column as the sync CLI reads and writes it: cell text on both sides. */
export interface JytColumn {
  /** JY/T pinyin code. */
  column: string;
  field: string;
  label: string;
  /** JY/T cell text → the English cell text of the field (before type coercion). */
  toField: (value: string) => string;
  /** Field value → JY/T cell text. */
  toColumn: (value: unknown) => string;
}

const jytByKind = Object.fromEntries(
  Object.entries(jytColumns).map(([kind, specs]) => [
    kind,
    specs.map((c): JytColumn => ({
      column: c.jyt,
      field: c.field,
      label: c.label,
      toField: (value) => {
        const decoded = decodeValue(c, value);
        return 'value' in decoded ? encodeValue(c, decoded.value, 'english') : value;
      },
      toColumn: (value) => encodeValue(c, value, 'jyt'),
    })),
  ]),
) as unknown as Record<RecordKind, readonly JytColumn[]>;

/** The JY/T columns of a kind, in file order. */
export function jytColumnsOf(kind: RecordKind): readonly JytColumn[] {
  return jytByKind[kind];
}
