import { NATION_CODE, type Caller } from '../auth/caller.ts';
import { checkRegionCode } from '../identifiers/regionCode.ts';

/**
 * Indexable tenancy: besides its `orgPath` array, every record stores one scalar field per level
 * of that path. Why: an index on an array field serves neither the embedded database (its
 * indexes are not multikey, so `orgPath` gets no index help at all) nor, for sorted pages, MongoDB
 * (a multikey index cannot give the sort). "Inside the caller's subtree" is then one equality on
 * the field of the caller's level, which both databases serve from a compound index
 * (`{countyCode: 1, name: 1, _id: 1}`: equality, then the sort key, then `_id`).
 */
export const LEVEL_FIELDS = ['provinceCode', 'cityCode', 'countyCode', 'schoolCode'] as const;
export type LevelField = (typeof LEVEL_FIELDS)[number];
export type LevelFields = Record<LevelField, string | null>;

/** The level field an organization code sits at; undefined for the nation and unknown codes. */
export function levelFieldOf(code: string): LevelField | undefined {
  if (/^\d{10}$/.test(code)) return 'schoolCode';
  const region = checkRegionCode(code);
  if (!region.ok) return undefined;
  switch (region.value.level) {
    case 'PROVINCE':
      return 'provinceCode';
    case 'CITY':
      return 'cityCode';
    case 'COUNTY':
      return 'countyCode';
    default:
      return undefined;
  }
}

/**
 * The level fields of a path (null where the path has no such level: a school directly under a
 * city has no county). A school's own record holds its code as `schoolCode`; a region's its own
 * code at its level.
 */
export function levelFields(orgPath: readonly string[]): LevelFields {
  const fields: LevelFields = { provinceCode: null, cityCode: null, countyCode: null, schoolCode: null };
  for (const code of orgPath) {
    const field = levelFieldOf(code);
    if (field) fields[field] = code;
  }
  return fields;
}

/**
 * The condition "inside the subtree of organization `code`": `{}` for the nation, one equality
 * on its level field otherwise, or undefined when the code names no organization (nothing matches).
 */
export function subtreeOf(code: string): Record<string, string> | undefined {
  if (code === NATION_CODE) return {};
  const field = levelFieldOf(code);
  return field ? { [field]: code } : undefined;
}

/** The caller's subtree as a filter condition (see subtreeOf). */
export const callerSubtree = (caller: Caller) => subtreeOf(caller.organization);
