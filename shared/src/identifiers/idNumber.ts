import { invalid, valid, type Checked } from './result.ts';

/**
 * 居民身份证号 (GB 11643): 6-digit region + 8-digit birth date + 3-digit sequence (odd = male)
 * + check character by ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export interface IdNumberParts {
  idNumber: string;
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'MALE' | 'FEMALE';
}

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('the first 17 characters of an ID number are digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Is `yyyymmdd` a real calendar date? */
export function isCalendarDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function checkIdNumber(input: string, today: Date = new Date()): Checked<IdNumberParts> {
  const idNumber = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber))
    return invalid('an ID number (身份证号) has 17 digits and a check character (digit or X)');
  const birth = idNumber.slice(6, 14);
  if (!isCalendarDate(birth)) return invalid(`${birth} is not a valid birth date`);
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (Number(birth.slice(0, 4)) < 1900 || new Date(`${birthDate}T00:00:00Z`) > today) {
    return invalid(`birth date ${birthDate} is out of range`);
  }
  const expected = idCheckCharacter(idNumber.slice(0, 17));
  if (idNumber[17] !== expected) return invalid(`check character is ${idNumber[17]}, expected ${expected}`);
  return valid({
    idNumber,
    regionCode: idNumber.slice(0, 6),
    birthDate,
    gender: Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
  });
}
