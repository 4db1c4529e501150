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

/**
 * The narrowest of the caller's subtree and a requested organization's, as level equalities
 * (undefined: the two are disjoint, or a code names no organization). Subtrees are nested or
 * disjoint: a region's path says which; a school code cannot be placed without its path, so it
 * is kept beside the caller's subtree (two schools at one level match nothing).
 */
export function scopeWithin(
  caller: Caller,
  organization: string | null | undefined,
): Record<string, string> | undefined {
  const mine = subtreeOf(caller.organization);
  if (!organization) return mine;
  const asked = subtreeOf(organization);
  if (!mine || !asked) return undefined;
  const region = checkRegionCode(organization);
  if (region.ok) {
    if (region.value.path.includes(caller.organization)) return asked;
    if (caller.orgPath.includes(organization)) return mine;
    return undefined;
  }
  if (caller.orgPath.includes(organization)) return mine;
  const both: Record<string, string> = { ...mine };
  for (const [field, value] of Object.entries(asked)) {
    // Two values for one level (another school than the caller's): nothing.
    if (field in both && both[field] !== value) return undefined;
    both[field] = value;
  }
  return both;
}
