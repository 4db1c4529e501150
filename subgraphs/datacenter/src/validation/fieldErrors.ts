import { findCode } from '@edugraph/shared';
import type { RecordFieldError } from '@edugraph/shared/records';
import { nameProblem, textProblem, type Checked } from '@edugraph/shared';
import { validOn, type CodeEntries } from '../store/codeSets.ts';

/** Why one field of one record was refused (RecordResult.errors; the shape is the sync contract's). */
export type FieldError = RecordFieldError<FieldErrorCode>;

/** Codes of FieldError.code, documented in the SDL. */
export type FieldErrorCode =
  | 'REQUIRED'
  | 'INVALID_FORMAT'
  | 'INVALID_CHECK_CHARACTER'
  | 'INVALID_VALUE'
  | 'INVALID_DATE'
  | 'OUT_OF_RANGE'
  | 'MISMATCH'
  | 'UNKNOWN_REFERENCE'
  | 'OUT_OF_SCOPE'
  | 'DUPLICATE_IN_BATCH'
  | 'CONFLICT';

/** Collects the errors of one record; helpers return the cleaned value or undefined. */
export class FieldErrors {
  readonly list: FieldError[] = [];

  add(field: string, code: FieldErrorCode, message: string): void {
    this.list.push({ field, code, message });
  }

  has(field: string): boolean {
    return this.list.some((e) => e.field === field);
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  /** A non-empty string (trimmed), at most `max` characters. */
  text(field: string, value: unknown, max = 200): string | undefined {
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(field, 'REQUIRED', `${field} is required`);
      return undefined;
    }
    const v = value.trim();
    if (v.length > max) {
      this.add(field, 'OUT_OF_RANGE', `${field} is longer than ${max} characters`);
      return undefined;
    }
    return v;
  }

  /**
   * A name (of a person, school, class, region, asset): `text`, and refused (INVALID_VALUE) with
   * control or text-direction characters or a formula-like start (`= + - @`), which would
   * disguise it on screen or run in a spreadsheet export.
   */
  name(field: string, value: unknown, max = 200): string | undefined {
    const v = this.text(field, value, max);
    const problem = v === undefined ? undefined : nameProblem(v);
    if (problem) {
      this.add(field, 'INVALID_VALUE', `${field} ${problem}`);
      return undefined;
    }
    return v;
  }

  /** Optional text (an address, a principal's name): trimmed, '' when absent; checked like a name when `asName`. */
  optional(field: string, value: unknown, max: number, asName = false): string {
    if (value === null || value === undefined) return '';
    if (typeof value !== 'string') {
      this.add(field, 'INVALID_FORMAT', `${field} must be text`);
      return '';
    }
    const v = value.trim();
    if (v.length > max) this.add(field, 'OUT_OF_RANGE', `${field} is longer than ${max} characters`);
    const problem = v && (asName ? nameProblem(v) : textProblem(v));
    if (problem) this.add(field, 'INVALID_VALUE', `${field} ${problem}`);
    return v;
  }

  /** One of the allowed values. */
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (typeof value !== 'string' || value === '') {
      this.add(field, 'REQUIRED', `${field} is required (one of ${allowed.join(', ')})`);
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      this.add(field, 'INVALID_VALUE', `${field} "${value}" is not one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  /**
   * A value of a code table (the stored code sets): its code, Chinese name or an alias (男, 在读,
   * MALE), valid on `day`; returns the code. `null` when optional and empty.
   */
  code(
    field: string,
    value: unknown,
    table: string,
    entries: CodeEntries | undefined,
    day: string,
    optional = false,
  ): string | null | undefined {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      if (optional) return null;
      this.add(field, 'REQUIRED', `${field} is required (a code of table ${table})`);
      return undefined;
    }
    const known = entries ?? [];
    const code = findCode(known, value);
    const entry = known.find((e) => e.code === code);
    if (!entry) {
      const some = known.slice(0, 6).map((e) => `${e.code} ${e.name}`);
      this.add(
        field,
        'INVALID_VALUE',
        `${field} "${String(value)}" is not a code or name of table ${table} (${some.join(', ')}${known.length > 6 ? ' …' : ''})`,
      );
      return undefined;
    }
    if (!validOn(entry, day)) {
      this.add(
        field,
        'INVALID_VALUE',
        `${field} code ${entry.code} (${entry.name}) of table ${table} is not valid on ${day}`,
      );
      return undefined;
    }
    return entry.code;
  }

  /** Optional yes/no: true/false, null when absent. */
  optionalBoolean(field: string, value: unknown): boolean | null {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'boolean') {
      this.add(field, 'INVALID_FORMAT', `${field} must be true or false`);
      return null;
    }
    return value;
  }

  /** A whole number in [min, max]. */
  int(field: string, value: unknown, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(field, 'INVALID_FORMAT', `${field} must be a whole number`);
      return undefined;
    }
    if (value < min || value > max) {
      this.add(field, 'OUT_OF_RANGE', `${field} ${value} is outside ${min}–${max}`);
      return undefined;
    }
    return value;
  }

  /** A finite number in [min, max] with at most `decimals` decimals. */
  number(field: string, value: unknown, min: number, max: number, decimals = 2): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(field, 'INVALID_FORMAT', `${field} must be a number`);
      return undefined;
    }
    if (value < min || value > max) {
      this.add(field, 'OUT_OF_RANGE', `${field} ${value} is outside ${min}–${max}`);
      return undefined;
    }
    const scaled = value * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      this.add(field, 'INVALID_FORMAT', `${field} has more than ${decimals} decimals`);
      return undefined;
    }
    return value;
  }

  /** A real calendar date `YYYY-MM-DD` between 1900-01-01 and `latest`. */
  date(field: string, value: unknown, latest: Date): string | undefined {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      this.add(field, 'INVALID_DATE', `${field} must be a date written YYYY-MM-DD`);
      return undefined;
    }
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      this.add(field, 'INVALID_DATE', `${field} ${value} is not a calendar date`);
      return undefined;
    }
    if (value < '1900-01-01' || date > latest) {
      this.add(field, 'OUT_OF_RANGE', `${field} ${value} is before 1900 or in the future`);
      return undefined;
    }
    return value;
  }

  /** Records the reason of a failed identifier check; returns the parts when valid. */
  identifier<T>(field: string, checked: Checked<T>): T | undefined {
    if (checked.ok) return checked.value;
    const code = /check character/.test(checked.reason) ? 'INVALID_CHECK_CHARACTER' : 'INVALID_FORMAT';
    this.add(field, code, `${field}: ${checked.reason}`);
    return undefined;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);
export const upper = (v: unknown): string | undefined => str(v)?.toUpperCase();
