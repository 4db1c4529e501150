import { invalid, valid, type Checked } from './result.ts';

/**
 * 学校标识码 (school identification code), 10 digits: 2-digit type + 2-digit province +
 * 6-digit sequence. A teaching point (教学点) carries its own code of its level's type and is
 * linked to its central school in the data center.
 */
export const schoolKinds = {
  '11': 'KINDERGARTEN',
  '21': 'PRIMARY',
  '31': 'JUNIOR_SECONDARY',
  '34': 'SENIOR_SECONDARY',
  '36': 'SECONDARY_VOCATIONAL',
  '41': 'HIGHER_EDUCATION',
  '51': 'SPECIAL_EDUCATION',
} as const;
export type SchoolKind = (typeof schoolKinds)[keyof typeof schoolKinds];

export interface SchoolCodeParts {
  code: string;
  kind: SchoolKind;
  typeDigits: string;
  /** Two-digit province prefix, e.g. 33. */
  province: string;
}

/** Checks the format and, given the school's region code, that the province digits agree. */
export function checkSchoolCode(input: string, regionCode?: string | null): Checked<SchoolCodeParts> {
  const code = input.trim();
  if (!/^\d{10}$/.test(code)) return invalid('a school code (学校标识码) has 10 digits');
  const typeDigits = code.slice(0, 2);
  const kind = (schoolKinds as Record<string, SchoolKind>)[typeDigits];
  if (!kind)
    return invalid(`${typeDigits} is not a school type (known: ${Object.keys(schoolKinds).join(', ')})`);
  const province = code.slice(2, 4);
  if (regionCode && regionCode.slice(0, 2) !== province) {
    return invalid(`the school code's province digits ${province} do not match its region ${regionCode}`);
  }
  return valid({ code, kind, typeDigits, province });
}
