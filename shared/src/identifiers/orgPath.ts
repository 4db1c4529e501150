import { checkRegionCode } from './regionCode.ts';
import { invalid, valid, type Checked } from './result.ts';
import { checkSchoolCode } from './schoolCode.ts';

/**
 * The organization path of an organization code: a region's path from the nation, or for a
 * school (10 digits) the path of the county it sits in followed by the school code.
 * Schools need their county (`regionCode`): the code itself only carries the province.
 */
export function checkOrgPath(organization: string, regionCode?: string | null): Checked<string[]> {
  const org = organization.trim();
  if (/^\d{6}$/.test(org)) {
    const region = checkRegionCode(org);
    return region.ok ? valid(region.value.path) : invalid(region.reason);
  }
  if (/^\d{10}$/.test(org)) {
    if (!regionCode) return invalid('a school needs the code of the county it sits in (regionCode)');
    const region = checkRegionCode(regionCode);
    if (!region.ok) return invalid(`regionCode: ${region.reason}`);
    if (region.value.level !== 'COUNTY' && region.value.level !== 'CITY')
      return invalid(`regionCode ${regionCode} is a ${region.value.level.toLowerCase()}, not a county`);
    const school = checkSchoolCode(org, regionCode);
    if (!school.ok) return invalid(school.reason);
    return valid([...region.value.path, org]);
  }
  return invalid('an organization is a 6-digit region code or a 10-digit school code');
}
