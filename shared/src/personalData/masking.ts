import { roles, scopes, type Caller } from '../auth/caller.ts';
import { hasScope } from '../auth/tenancy.ts';
import { maskBirthDate, maskIdNumber, maskPhone, maskRegistryNumber } from '../identifiers/mask.ts';

/** The kinds of `@personalData(kind)` (personalData.graphql). */
export type PersonalDataKind =
  | 'ID_NUMBER'
  | 'BIRTH_DATE'
  | 'REGISTRY_NUMBER'
  | 'PERSON_NUMBER'
  | 'PHONE'
  | 'SENSITIVE'
  | 'RECORD'
  | 'RECORD_KEY';

const FAMILY_ROLES: readonly string[] = [roles.STUDENT, roles.PARENT];

/** A user token whose every role is STUDENT or PARENT: a pupil or a parent, never staff. */
export function isPupilOrParent(caller: Caller | null | undefined): boolean {
  return Boolean(
    caller &&
    !caller.isService &&
    caller.roles.length > 0 &&
    caller.roles.every((r) => FAMILY_ROLES.includes(r)),
  );
}

/**
 * A parent and nothing else. Until guardian links exist (the rostering issue adds them) such a
 * caller cannot tell its own children from the others, so it sees no student records at all.
 */
export function isParentOnly(caller: Caller | null | undefined): boolean {
  return Boolean(
    caller &&
    !caller.isService &&
    caller.roles.includes(roles.PARENT) &&
    caller.roles.every((r) => r === roles.PARENT),
  );
}

/**
 * Does this caller see personal data unmasked? Only with the `personal-data` scope, and never
 * as a pupil or parent (who would see classmates' numbers), whatever scopes a client asked for.
 */
export function unmasksPersonalData(caller: Caller | null | undefined): boolean {
  return hasScope(caller, scopes.PERSONAL_DATA) && !isPupilOrParent(caller);
}

/** A registry number (G/J/L + 18) or an 18-character ID number: a personal identifier. */
export function isPersonalIdentifier(value: string): boolean {
  const v = value.trim();
  return /^[GJL]\d{8,}[\dX]?$/i.test(v) || /^\d{17}[\dX]$/i.test(v);
}

/** A registry or ID number, also inside a key such as `person:G…`; staff numbers and codes stay. */
function maskPersonNumber(value: string): string {
  const [, prefix = '', number = value] = /^([a-z]+:)?(.*)$/s.exec(value) ?? [];
  return isPersonalIdentifier(number) ? prefix + maskIdNumber(number) : value;
}

const str = (fn: (v: string) => string) => (value: unknown) =>
  typeof value === 'string' ? fn(value) : value;

/** Personal fields inside a sync record (Change.record). */
const RECORD_FIELDS: Record<string, (v: string) => string> = {
  idNumber: maskIdNumber,
  birthDate: maskBirthDate,
  registryNumber: maskRegistryNumber,
  phone: maskPhone,
};

/** Sensitive personal fields inside a sync record (health, disability): withheld, as null. */
const SENSITIVE_RECORD_FIELDS = ['disability', 'health'] as const;

function maskRecord(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [field, mask] of Object.entries(RECORD_FIELDS)) {
    if (typeof copy[field] === 'string') copy[field] = mask(copy[field]);
  }
  for (const field of SENSITIVE_RECORD_FIELDS) if (copy[field] != null) copy[field] = null;
  // A guardian's students.
  if (Array.isArray(copy.studentRegistryNumbers))
    copy.studentRegistryNumbers = copy.studentRegistryNumbers.map(str(maskRegistryNumber));
  return copy;
}

/** Registry numbers inside a compound key (an enrollment's term/class/registry number). */
const maskEmbeddedRegistryNumbers = (key: string) =>
  key.replace(/[GJL]\d{17}[\dX]/gi, (n) => maskRegistryNumber(n));

export type Masker = (value: unknown, parent: Record<string, unknown>) => unknown;

/** The masking function of a kind; RECORD_KEY masks a key only when its parent is a student's or holds one (an enrollment's). */
export function maskerOf(kind: PersonalDataKind): Masker {
  switch (kind) {
    case 'ID_NUMBER':
      return str(maskIdNumber);
    case 'BIRTH_DATE':
      return str(maskBirthDate);
    case 'REGISTRY_NUMBER':
      return str(maskRegistryNumber);
    case 'PERSON_NUMBER':
      return str(maskPersonNumber);
    case 'PHONE':
      return str(maskPhone);
    case 'SENSITIVE':
      return () => null;
    case 'RECORD':
      return maskRecord;
    case 'RECORD_KEY':
      return (value, parent) =>
        parent.kind === 'STUDENT'
          ? str(maskRegistryNumber)(value)
          : parent.kind === 'ENROLLMENT' || typeof parent.registryNumber === 'string'
            ? str(maskEmbeddedRegistryNumbers)(value)
            : value;
  }
}

/** Whether masking changed anything (a staff number, a school's key are not personal). */
export function isPersonalValue(value: unknown, masked: unknown): boolean {
  if (value === masked) return false;
  if (typeof value === 'object') return JSON.stringify(value) !== JSON.stringify(masked);
  return true;
}
