/**
 * Masking of personal data for callers without the personal-data scope:
 * ID numbers keep the first 4 and last 4 characters (`3301**********123X`), birth dates keep
 * the year (`2012-**-**`), phone numbers the first 3 and last 4 (`138****5678`).
 */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

export function maskBirthDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value.slice(0, 4)}-**-**` : '****-**-**';
}

export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** A registry number embeds the ID number (G + ID): mask the same way. */
export const maskRegistryNumber = maskIdNumber;
