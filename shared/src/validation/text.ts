import { errors } from '../errors.ts';

/**
 * Checks of text that people type and others see: names (of students, schools, users, spaces)
 * and the prefixes that search them. One definition for every subgraph.
 */

// C0 and C1 controls, DEL, and the bidi controls that make text display in another order
// (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks).
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BIDI = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Cells starting like this run as formulas when a CSV export is opened in a spreadsheet. */
const FORMULA_START = /^[=+\-@]/;

/** Why a name is refused, or undefined when it is acceptable. */
export function nameProblem(value: string): string | undefined {
  const bad = CONTROL_OR_BIDI.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `contains the control or text-direction character U+${code}`;
  }
  if (FORMULA_START.test(value.trim()))
    return `starts with "${value.trim()[0]}", which spreadsheets run as a formula`;
  return undefined;
}

/** Why free text (an address, a description) is refused: control and bidi characters only. */
export function textProblem(value: string): string | undefined {
  const bad = CONTROL_OR_BIDI.exec(value.replace(/[\t\n\r]/g, ' '));
  return bad
    ? `contains the control or text-direction character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    : undefined;
}

/** A trimmed name of 1–`max` characters, or BAD_USER_INPUT naming the field and why. */
export function requireName(value: string, field: string, max: number): string {
  const name = value.trim();
  if (!name || [...name].length > max)
    throw errors.badInput(`${field} needs 1–${max} characters.`, { field, max });
  const problem = nameProblem(name);
  if (problem) throw errors.badInput(`${field} ${problem}.`, { field });
  return name;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longest prefix a search accepts: names are at most 64 characters, registry numbers 19. */
export const MAX_PREFIX_LENGTH = 64;

/**
 * The `$regex` source matching values that start with `prefix`: escaped (its characters match
 * themselves) and bounded, so a huge argument is a clear BAD_USER_INPUT rather than a
 * "regular expression too large" failure. Undefined for an empty prefix.
 */
export function prefixRegex(prefix: string | null | undefined, field: string): string | undefined {
  if (prefix === null || prefix === undefined || prefix === '') return undefined;
  if (typeof prefix !== 'string') throw errors.badInput(`${field} must be a string.`, { field });
  if (prefix.length > MAX_PREFIX_LENGTH)
    throw errors.badInput(
      `${field} is ${prefix.length} characters long; a prefix has at most ${MAX_PREFIX_LENGTH}.`,
      { field, max: MAX_PREFIX_LENGTH },
    );
  return `^${escapeRegex(prefix)}`;
}
