import { checkIdNumber, idCheckCharacter } from './idNumber.ts';
import { invalid, valid, type Checked } from './result.ts';

/**
 * 全国学籍号 (national student registry number), 19 characters: `G` + the 18-character ID
 * number (formal), `J` + 18 digits built by ID rules (students without an ID card), or `L` +
 * a temporary number of 18 characters.
 */
export type RegistryKind = 'FORMAL' | 'NO_ID_CARD' | 'TEMPORARY';

export interface RegistryNumberParts {
  registryNumber: string;
  kind: RegistryKind;
  /** The ID number embedded in a formal (`G`) registry number. */
  idNumber?: string;
}

export function checkRegistryNumber(input: string, idNumber?: string | null): Checked<RegistryNumberParts> {
  const registryNumber = input.trim().toUpperCase();
  if (registryNumber.length !== 19) return invalid('a registry number (学籍号) has 19 characters');
  const prefix = registryNumber[0];
  const rest = registryNumber.slice(1);
  if (prefix === 'G') {
    const id = checkIdNumber(rest);
    if (!id.ok) return invalid(`the ID number in a G registry number is invalid: ${id.reason}`);
    if (idNumber && idNumber.trim().toUpperCase() !== rest) {
      return invalid("a G registry number must equal G + the student's ID number");
    }
    return valid({ registryNumber, kind: 'FORMAL', idNumber: rest });
  }
  if (prefix === 'J') {
    if (!/^\d{17}[\dX]$/.test(rest))
      return invalid('a J registry number is J + 17 digits and a check character');
    const expected = idCheckCharacter(rest.slice(0, 17));
    if (rest[17] !== expected)
      return invalid(`the check character of a J registry number is ${rest[17]}, expected ${expected}`);
    return valid({ registryNumber, kind: 'NO_ID_CARD' });
  }
  if (prefix === 'L') {
    if (!/^[0-9A-Z]{18}$/.test(rest))
      return invalid('an L registry number is L + 18 digits or capital letters');
    return valid({ registryNumber, kind: 'TEMPORARY' });
  }
  return invalid('a registry number starts with G, J or L');
}
