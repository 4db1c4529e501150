import { NATION_CODE } from '../auth/caller.ts';
import { invalid, valid, type Checked } from './result.ts';

/**
 * 行政区划代码 (GB/T 2260): 6 digits `PPCCDD` — province, prefecture (city), county.
 * `100000` stands for the nation at the top of every organization path.
 */
export type RegionLevel = 'NATION' | 'PROVINCE' | 'CITY' | 'COUNTY';

/** Province-level codes in use (GB/T 2260 first two digits). */
export const PROVINCE_PREFIXES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
] as const;

export interface RegionCodeParts {
  code: string;
  level: RegionLevel;
  province: string;
  /** Codes from the nation down to this region, e.g. 100000 → 330000 → 330100 → 330102. */
  path: string[];
}

export function checkRegionCode(code: string): Checked<RegionCodeParts> {
  if (code === NATION_CODE) return valid({ code, level: 'NATION', province: '', path: [NATION_CODE] });
  if (!/^\d{6}$/.test(code)) return invalid('a region code (行政区划代码) has 6 digits');
  const pp = code.slice(0, 2);
  if (!(PROVINCE_PREFIXES as readonly string[]).includes(pp)) return invalid(`${pp} is not a province code`);
  const cc = code.slice(2, 4);
  const dd = code.slice(4, 6);
  const province = `${pp}0000`;
  if (cc === '00') {
    if (dd !== '00') return invalid('a province code ends with 0000');
    return valid({ code, level: 'PROVINCE', province, path: [NATION_CODE, province] });
  }
  const city = `${pp}${cc}00`;
  if (dd === '00') return valid({ code, level: 'CITY', province, path: [NATION_CODE, province, city] });
  return valid({ code, level: 'COUNTY', province, path: [NATION_CODE, province, city, code] });
}

/** The region's path from the nation; throws on an invalid code. */
export function regionPath(code: string): string[] {
  const checked = checkRegionCode(code);
  if (!checked.ok) throw new Error(`invalid region code ${code}: ${checked.reason}`);
  return checked.value.path;
}
