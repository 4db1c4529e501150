import {
  isParentOnly,
  prefixRegex,
  toConnection,
  type Caller,
  type Connection,
  type PageArgs,
} from '@edugraph/shared';
import type { RecordCollection } from './collections.ts';
import type { Doc, Filter, Records } from './records.ts';
import { callerSubtree, subtreeOf } from './tenancy.ts';

/** Largest page of a list (a sync job or a class roster can ask for up to 1,000). */
export const MAX_PAGE = 1000;
const PAGE = { defaultPageSize: 20, maxPageSize: MAX_PAGE };

/** Each list's order: people by name (a roster), the others by their natural key. */
export const SORT_FIELD: Readonly<Record<RecordCollection, string>> = {
  regions: 'code',
  schools: 'code',
  classes: 'code',
  students: 'name',
  teachers: 'name',
  assets: 'assetTag',
};

/**
 * A flat filter of equalities (what the indexes serve; counts of it are exact counts of index
 * entries on the embedded database). Two different values for one field — the caller's school
 * and another school in the arguments — make it match nothing, without asking the database.
 */
export class Where {
  readonly filter: Filter = { deleted: false };
  empty = false;

  constructor(caller: Caller) {
    this.within(callerSubtree(caller));
  }

  /** Inside an organization's subtree (a subtree condition, tenancy.ts). */
  within(condition: Record<string, string> | undefined): this {
    if (!condition) this.empty = true;
    else for (const [field, value] of Object.entries(condition)) this.eq(field, value);
    return this;
  }

  eq(field: string, value: unknown): this {
    if (value === null || value === undefined) return this;
    if (field in this.filter && this.filter[field] !== value) this.empty = true;
    else this.filter[field] = value;
    return this;
  }

  in(field: string, values: readonly unknown[]): this {
    const current = this.filter[field];
    if (current !== undefined) this.empty ||= !values.includes(current);
    else if (values.length === 0) this.empty = true;
    else this.filter[field] = { $in: [...values] };
    return this;
  }

  /** Names starting with `prefix` (escaped and bounded: prefixRegex); the range narrows the index. */
  prefix(field: string, prefix: string | null | undefined): this {
    const source = prefixRegex(prefix, 'filter.namePrefix');
    if (source) this.filter[field] = { $gte: prefix, $regex: source };
    return this;
  }
}

type ListFilter = Record<string, unknown> | null | undefined;

const regionOf = (f: ListFilter) => (typeof f?.regionCode === 'string' ? subtreeOf(f.regionCode) : {});

/**
 * The lists of the graph: every one limited to the caller's subtree, keyset-paginated on
 * (SORT_FIELD, `_id`), with totalCount counted only when asked.
 */
export function createLists(records: Records) {
  const page = (coll: RecordCollection, where: Where, args: PageArgs): Promise<Connection<Doc>> =>
    where.empty
      ? Promise.resolve(toConnection<Doc>([], SORT_FIELD[coll], false, false, async () => 0))
      : records.page(coll, args, { ...PAGE, filter: where.filter, sortField: SORT_FIELD[coll] });

  return {
    page,
    regions: (caller: Caller, f: ListFilter, args: PageArgs) =>
      page('regions', new Where(caller).eq('level', f?.level).eq('parentCode', f?.parentCode), args),

    schools: (caller: Caller, f: ListFilter, args: PageArgs) => {
      const where = new Where(caller)
        .within(regionOf(f))
        .eq('kind', f?.kind)
        .eq('centralSchoolCode', f?.centralSchoolCode)
        .eq('teachingPoint', f?.teachingPoint)
        .prefix('name', f?.namePrefix as string | undefined);
      return page('schools', where, args);
    },

    classes: (caller: Caller, f: ListFilter, args: PageArgs) => {
      const where = new Where(caller)
        .within(regionOf(f))
        .eq('schoolCode', f?.schoolCode)
        .eq('grade', f?.grade)
        .eq('enrollmentYear', f?.enrollmentYear);
      return page('classes', where, args);
    },

    async students(caller: Caller, f: ListFilter, args: PageArgs) {
      const where = new Where(caller)
        // A parent-only caller sees no student (see access.ts visibleStudent).
        .within(isParentOnly(caller) ? undefined : {})
        .within(regionOf(f))
        .eq('schoolCode', f?.schoolCode)
        .eq('classCode', f?.classCode)
        .eq('status', f?.status)
        .prefix('name', f?.namePrefix as string | undefined);
      if (f?.grade !== null && f?.grade !== undefined && !where.empty) {
        // A student's grade is its class's: the classes of that grade in scope, then their students.
        const classes = new Where(caller)
          .within(regionOf(f))
          .eq('grade', f.grade)
          .eq('schoolCode', f.schoolCode)
          .eq('code', f.classCode);
        const codes = classes.empty ? [] : (await records.find('classes', classes.filter)).map((c) => c.code);
        where.in('classCode', codes);
      }
      return page('students', where, args);
    },

    teachers: (caller: Caller, f: ListFilter, args: PageArgs) => {
      const where = new Where(caller)
        .within(regionOf(f))
        .eq('schoolCode', f?.schoolCode)
        .eq('employmentStatus', f?.employmentStatus)
        .eq('meetsTrainingTarget', f?.meetsTrainingTarget)
        .prefix('name', f?.namePrefix as string | undefined);
      return page('teachers', where, args);
    },

    assets: (caller: Caller, f: ListFilter, args: PageArgs) => {
      const where = new Where(caller)
        .within(regionOf(f))
        .eq('schoolCode', f?.schoolCode)
        .eq('category', f?.category)
        .eq('status', f?.status);
      return page('assets', where, args);
    },
  };
}

export type Lists = ReturnType<typeof createLists>;
