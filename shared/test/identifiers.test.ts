import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkRegionCode,
  checkRegistryNumber,
  checkSchoolCode,
  idCheckCharacter,
  maskBirthDate,
  maskIdNumber,
  regionPath,
} from '../src/identifiers/index.ts';

describe('GB 11643 ID numbers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // The worked example of GB 11643-1999.
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('accepts a valid number and reads region, birth date and gender from it', () => {
    const r = checkIdNumber('11010519491231002x');
    expect(r).toEqual({
      ok: true,
      value: {
        idNumber: '11010519491231002X',
        regionCode: '110105',
        birthDate: '1949-12-31',
        gender: 'FEMALE',
      },
    });
  });

  it('refuses a wrong check character, an impossible date and a bad length, saying why', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({
      ok: false,
      reason: 'check character is 1, expected X',
    });
    expect(checkIdNumber('110105194902300021')).toMatchObject({
      ok: false,
      reason: '19490230 is not a valid birth date',
    });
    expect(checkIdNumber('1101051949123100')).toMatchObject({ ok: false });
  });
});

describe('registry numbers', () => {
  it('requires a G number to equal G + the ID number', () => {
    expect(checkRegistryNumber('G11010519491231002X', '11010519491231002X').ok).toBe(true);
    expect(checkRegistryNumber('G11010519491231002X', '440524188001010014')).toMatchObject({ ok: false });
  });
  it('checks J numbers by ID rules and accepts L numbers', () => {
    expect(checkRegistryNumber('J11010519491231002X').ok).toBe(true);
    expect(checkRegistryNumber('J110105194912310021')).toMatchObject({ ok: false });
    expect(checkRegistryNumber('L3301022015ABC12345').ok).toBe(true);
    expect(checkRegistryNumber('X11010519491231002X')).toMatchObject({
      ok: false,
      reason: 'a registry number starts with G, J or L',
    });
  });
});

describe('school codes and region codes', () => {
  it('reads the kind from the type digits and checks the province against the region', () => {
    expect(checkSchoolCode('2133000001', '330102')).toMatchObject({
      ok: true,
      value: { kind: 'PRIMARY', province: '33' },
    });
    expect(checkSchoolCode('2144000001', '330102')).toMatchObject({ ok: false });
    expect(checkSchoolCode('9933000001')).toMatchObject({ ok: false });
  });
  it('derives levels and paths from GB/T 2260 codes', () => {
    expect(regionPath('330102')).toEqual(['100000', '330000', '330100', '330102']);
    expect(checkRegionCode('330100')).toMatchObject({ ok: true, value: { level: 'CITY' } });
    expect(checkRegionCode('990000')).toMatchObject({ ok: false });
    expect(checkRegionCode('330001')).toMatchObject({ ok: false });
  });
});

describe('masking', () => {
  it('keeps the first and last four characters of an ID number', () => {
    expect(maskIdNumber('33010219900101123X')).toBe('3301**********123X');
    expect(maskBirthDate('2012-05-06')).toBe('2012-**-**');
  });
});
