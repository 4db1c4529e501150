import { kindSpecs, type RecordKind } from '../kinds.ts';
import { jytColumnsOf } from '@edugraph/shared';
import { t } from '../messages.ts';
import { labelIndex, normaliseLabel } from './columnLabels.ts';

/**
 * Which record field each column of an import file fills. A column is recognised by, in order:
 * the operator's mapping file (`{"学籍号": "registryNumber"}` or `{"学籍号": "XJH"}`), the English
 * field name (case, `_`, `-` and spaces ignored: `registry_number`), its JY/T pinyin code, or its
 * Chinese label (学籍号, 姓名, 性别…: columnLabels.ts). Columns named by a JY/T code or a Chinese
 * label carry JY/T values (性别 1/2 or 男/女, dates as YYYYMMDD, 民族 as GB 3304 codes).
 */
export interface ColumnBinding {
  column: string;
  field: string;
  toField?: (value: string) => string;
}

export interface ResolvedColumns {
  bindings: ColumnBinding[];
  /** Columns that fill no field (reported once, then ignored). */
  ignored: string[];
  /** Required fields no column fills. */
  missing: string[];
  /** Two columns filling one field. */
  duplicates: string[];
}

export type ColumnMapping = Readonly<Record<string, string>>;

const normalise = (name: string) =>
  name
    .replace(/^\uFEFF/, '')
    .replace(/[\s_-]/g, '')
    .toLowerCase();

export function resolveColumns(
  kind: RecordKind,
  columns: readonly string[],
  mapping: ColumnMapping = {},
): ResolvedColumns {
  const spec = kindSpecs[kind];
  const byEnglish = new Map(spec.fields.map((f) => [normalise(f.name), f.name]));
  const jyt = new Map(jytColumnsOf(kind).map((c) => [c.column.toUpperCase(), c]));
  const labels = labelIndex(kind);
  const userMapping = new Map(Object.entries(mapping).map(([k, v]) => [k.trim(), v.trim()]));

  const bindings: ColumnBinding[] = [];
  const ignored: string[] = [];
  const filled = new Map<string, string>();
  const duplicates: string[] = [];
  for (const raw of columns) {
    const column = raw.replace(/^\uFEFF/, '').trim();
    const target = userMapping.get(column) ?? column;
    const english = byEnglish.get(normalise(target));
    const jytColumn = english
      ? undefined
      : (jyt.get(target.toUpperCase()) ?? labels.get(normaliseLabel(target)));
    const field = english ?? jytColumn?.field;
    if (!field) {
      ignored.push(column);
      continue;
    }
    const before = filled.get(field);
    if (before !== undefined) {
      duplicates.push(t().duplicateColumn(field, before, column));
      continue;
    }
    filled.set(field, column);
    bindings.push({ column: raw, field, ...(jytColumn?.toField ? { toField: jytColumn.toField } : {}) });
  }
  const missing = spec.fields.filter((f) => !f.nullable && !filled.has(f.name)).map((f) => f.name);
  return { bindings, ignored, missing, duplicates };
}

/** A problem with the columns that makes a whole file unusable, or undefined. */
export function columnsProblem(kind: RecordKind, resolved: ResolvedColumns): string | undefined {
  const problems: string[] = [];
  if (resolved.missing.length) {
    const jyt = new Map(jytColumnsOf(kind).map((c) => [c.field, c]));
    const names = resolved.missing.map((f) => {
      const c = jyt.get(f);
      return c ? `${f} (JY/T ${c.column} ${c.label})` : f;
    });
    problems.push(t().missingColumns(names.join(', ')));
  }
  if (resolved.duplicates.length) problems.push(t().duplicateColumns(resolved.duplicates.join(', ')));
  return problems.length ? problems.join('; ') : undefined;
}

/** The raw (not yet typed) record a row gives, keyed by English field name. */
export function bindRow(
  resolved: ResolvedColumns,
  get: (column: string) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const b of resolved.bindings) {
    const value = get(b.column);
    out[b.field] = b.toField && typeof value === 'string' ? b.toField(value) : value;
  }
  return out;
}

/** The column names an export writes, English or JY/T. */
export function exportColumns(kind: RecordKind, style: 'english' | 'jyt'): ColumnBinding[] {
  const fields = kindSpecs[kind].fields.map((f) => f.name);
  if (style === 'english') return fields.map((field) => ({ column: field, field }));
  const jyt = new Map(jytColumnsOf(kind).map((c) => [c.field, c]));
  return fields.map((field) => ({ column: jyt.get(field)?.column ?? field, field }));
}

/** The cell text an export writes for a field. */
export function exportCell(
  kind: RecordKind,
  style: 'english' | 'jyt',
  field: string,
  value: unknown,
): string {
  if (style === 'jyt') {
    const c = jytColumnsOf(kind).find((j) => j.field === field);
    if (c?.toColumn) return c.toColumn(value);
  }
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}
