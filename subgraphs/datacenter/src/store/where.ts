import { LEVEL_FIELDS, canSeeOrgPath, checkRegionCode, prefixRegex, type Caller } from '@edugraph/shared';
import type { Filter } from './records.ts';
import { subtreeOf } from './tenancy.ts';

/** A subtree: its organization code and, when known, its path from the nation. */
interface Scope {
  code: string;
  path: readonly string[] | undefined;
}

/**
 * A list's filter: flat equalities (what the indexes serve; counts of it are counts of index
 * entries on the embedded database) plus ONE subtree condition, the narrowest known. Why one:
 * without statistics, SQLite may read a `{provinceCode, countyCode}` filter through the province's
 * index (every row of the province) rather than the county's, so a subtree implied by a narrower
 * one is left out: a county inside the caller's province, or the school of a class the caller was
 * checked to see. Two different values for one field, or disjoint subtrees, match nothing, and
 * the list answers without asking the database.
 */
export class Where {
  private readonly fields: Filter = { deleted: false };
  /** The subtree condition (undefined: implied by an equality already in `fields`). */
  private scope: Scope | undefined;
  empty = false;

  constructor(caller: Caller) {
    this.scope = { code: caller.organization, path: caller.orgPath };
  }

  /** Records owned by an organization on the caller's path above it (orAbove), besides the subtree. */
  private above: { field: string; codes: string[] } | undefined;

  get filter(): Filter {
    if (!this.scope) return this.fields;
    const condition = subtreeOf(this.scope.code);
    if (!condition) this.empty = true;
    if (this.above && condition && Object.keys(condition).length > 0)
      return { ...this.fields, $or: [condition, { [this.above.field]: { $in: this.above.codes } }] };
    return { ...condition, ...this.fields };
  }

  /**
   * The filter as an organization's subtree and flat equalities, when it is only that (what
   * counters kept per organization can answer: countedTotals.ts); undefined otherwise: ranges,
   * `$in`, a subtree beside an equality on a level field (their intersection is not known here),
   * records from above.
   */
  get subtreeAndEqualities(): { code: string; fields: Record<string, unknown> } | undefined {
    if (this.empty || this.above) return undefined;
    const { deleted, ...fields } = this.fields;
    if (deleted !== false) return undefined;
    if (Object.values(fields).some((v) => typeof v === 'object' && v !== null)) return undefined;
    const levels = LEVEL_FIELDS.filter((f) => f in fields);
    let code: unknown;
    if (this.scope) {
      if (levels.length > 0) return undefined;
      code = this.scope.code;
    } else {
      // The subtree of a school the caller was checked to see (`inside`).
      if (levels.length !== 1) return undefined;
      code = fields[levels[0]!];
      delete fields[levels[0]!];
    }
    return typeof code === 'string' && subtreeOf(code) ? { code, fields } : undefined;
  }

  /**
   * Also the records whose `field` names an organization on the caller's path (the nation's
   * courses, its province's terms): shared calendars and curricula seen from below. Small
   * collections (terms, courses), so one `$or` is fine there.
   */
  orAbove(field: string, caller: Caller): this {
    this.above = { field, codes: [...caller.orgPath] };
    return this;
  }

  /** No records at all (e.g. students for a parent-only caller). */
  none(when = true): this {
    this.empty ||= when;
    return this;
  }

  /** Inside the subtree of a region (GB/T 2260) or school code, as well as the caller's. */
  within(code: unknown): this {
    if (typeof code !== 'string') return this;
    if (!this.scope) return this.narrowTo(code);
    const region = checkRegionCode(code);
    const path = region.ok ? region.value.path : undefined;
    // Subtrees of a tree are nested or disjoint: keep the inner one, or match nothing.
    if (path?.includes(this.scope.code)) this.scope = { code, path };
    else if (this.scope.path?.includes(code)) return this;
    else if (path && this.scope.path) this.empty = true;
    else this.narrowTo(code);
    return this;
  }

  /** Adds a subtree we cannot compare without its path (a school code) as an equality. */
  private narrowTo(code: string): this {
    const condition = subtreeOf(code);
    if (!condition) this.empty = true;
    else for (const [field, value] of Object.entries(condition)) this.eq(field, value);
    return this;
  }

  /**
   * `field` equals `key`, the natural key of `doc` (a school, a class): when the caller sees that
   * record, its subtree implies the caller's, which is then left out; otherwise nothing matches.
   */
  inside(
    field: string,
    key: unknown,
    doc: { orgPath: readonly string[]; deleted?: boolean } | undefined,
    caller: Caller,
  ): this {
    if (key === null || key === undefined) return this;
    if (!doc || doc.deleted || !canSeeOrgPath(caller, doc.orgPath)) return this.none();
    this.scope = undefined;
    return this.eq(field, key);
  }

  eq(field: string, value: unknown): this {
    if (value === null || value === undefined) return this;
    if (field in this.fields && this.fields[field] !== value) this.empty = true;
    else this.fields[field] = value;
    return this;
  }

  in(field: string, values: readonly unknown[]): this {
    const current = this.fields[field];
    if (current !== undefined) this.empty ||= !values.includes(current);
    else if (values.length === 0) this.empty = true;
    else this.fields[field] = { $in: [...values] };
    return this;
  }

  /**
   * Names starting with `prefix` (escaped and bounded: prefixRegex); the range, on the list's
   * sort key when it starts with the name (`nameKey`), narrows the index from both ends, so a
   * rare prefix reads its own names only, not every name after it.
   */
  prefix(field: string, prefix: string | null | undefined, rangeField = field): this {
    const source = prefixRegex(prefix, 'filter.namePrefix');
    if (!source || !prefix) return this;
    const end = prefixEnd(prefix);
    const range = end === undefined ? { $gte: prefix } : { $gte: prefix, $lt: end };
    if (rangeField === field) this.fields[field] = { ...range, $regex: source };
    else Object.assign(this.fields, { [rangeField]: range, [field]: { $regex: source } });
    return this;
  }
}

/**
 * The first string after every string starting with `prefix`: its last UTF-16 unit plus one
 * (within the Basic Multilingual Plane, UTF-16 order is the code point order both databases
 * compare strings in). None when that unit is a surrogate or U+FFFF: the range then stays open.
 */
export function prefixEnd(prefix: string): string | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (Number.isNaN(last) || last === 0xffff || (last >= 0xd800 && last <= 0xdfff)) return undefined;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
