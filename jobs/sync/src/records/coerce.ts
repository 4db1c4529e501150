import { isCalendarDate } from '@edugraph/shared/identifiers';
import type { FieldSpec, KindSpec } from '../kinds.ts';
import { builtInCodes, lookUpCode, type CodeSource } from './codeSets.ts';

/** Why one field of one record cannot be used. */
export interface FieldProblem {
  field: string;
  reason: string;
}

export interface Coerced {
  record: Record<string, unknown>;
  problems: FieldProblem[];
}

const TRUE = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE = new Set(['false', '0', 'no', 'n', '否']);

type Outcome = { value: unknown } | { reason: string };

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function coerceValue(field: FieldSpec, value: unknown, codes: CodeSource): Outcome {
  const spec = field.spec;
  const text = typeof value === 'string' ? value.trim() : value;
  switch (spec.type) {
    case 'string':
      return typeof text === 'string' || typeof text === 'number'
        ? { value: String(text) }
        : { reason: 'is not text' };
    case 'int':
    case 'number': {
      const n = typeof text === 'number' ? text : typeof text === 'string' ? Number(text) : NaN;
      if (!Number.isFinite(n)) return { reason: `${JSON.stringify(value)} is not a number` };
      if (spec.type === 'int' && !Number.isInteger(n))
        return { reason: `${JSON.stringify(value)} is not a whole number` };
      if (spec.min !== undefined && n < spec.min) return { reason: `${n} is below ${spec.min}` };
      if (spec.type === 'int' && spec.max !== undefined && n > spec.max)
        return { reason: `${n} is above ${spec.max}` };
      return { value: n };
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { value: text };
      const t = String(text).toLowerCase();
      if (TRUE.has(t)) return { value: true };
      if (FALSE.has(t)) return { value: false };
      return { reason: `${JSON.stringify(value)} is not true/false (also 1/0, yes/no, 是/否)` };
    }
    case 'date': {
      const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(String(text));
      if (!m) return { reason: `${JSON.stringify(value)} is not a date (YYYY-MM-DD or YYYYMMDD)` };
      const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
      if (!isCalendarDate(iso.replaceAll('-', ''))) return { reason: `${iso} is not a calendar date` };
      return { value: iso };
    }
    case 'enum': {
      const t = String(text).toUpperCase();
      return spec.values.includes(t)
        ? { value: t }
        : { reason: `${JSON.stringify(value)} is not one of ${spec.values.join(', ')}` };
    }
    case 'code':
      return coerceCode(codes, spec.table, text, value);
    case 'list':
      if (Array.isArray(text)) return { value: text.map((v) => String(v).trim()).filter(Boolean) };
      return {
        value: String(text)
          .split(/[;；、|,，]/)
          .map((v) => v.trim())
          .filter(Boolean),
      };
  }
}

/** Looks like a code (01, 1, A, 13): passed on for the hub's code sets to decide. */
const CODE_LIKE = /^[0-9A-Z]{1,4}$/;

/**
 * A coded field: the code, its Chinese name or an alias (男 → 1, 在读 → 01, 汉族 → 01, MALE →
 * 1). With the hub's code sets a value they lack is refused here; with the built-in tables (dry
 * run without a hub) a code-like value goes on: the hub's code sets are data and may hold codes
 * this release does not know (a province's own).
 */
function coerceCode(codes: CodeSource, table: string, text: unknown, value: unknown): Outcome {
  const known = lookUpCode(codes, table, text);
  if (known !== undefined) return { value: known };
  const raw = String(text);
  if (codes.origin === 'built-in' && CODE_LIKE.test(raw)) return { value: raw };
  const t = codes.table(table);
  const some = (t?.entries ?? []).slice(0, 5).map((e) => `${e.code} ${e.name}`);
  return {
    reason: `${JSON.stringify(value)} is not a code or name of ${t?.name ?? table} (${table}): ${some.join(', ')}${(t?.entries.length ?? 0) > 5 ? ' …' : ''}`,
  };
}

/**
 * Turns a raw record (text cells from CSV, or JSON values from NDJSON) into a typed record
 * of `kind`: every field present, nullable fields `null` when empty. Problems name the field.
 */
export function coerceRecord(
  kind: KindSpec,
  raw: Record<string, unknown>,
  codes: CodeSource = builtInCodes,
): Coerced {
  const record: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const field of kind.fields) {
    const value = raw[field.name];
    if (isEmpty(value)) {
      if (field.nullable) record[field.name] = null;
      else problems.push({ field: field.name, reason: 'is required' });
      continue;
    }
    const outcome = coerceValue(field, value, codes);
    if ('reason' in outcome) problems.push({ field: field.name, reason: outcome.reason });
    else record[field.name] = outcome.value;
  }
  return { record, problems };
}
