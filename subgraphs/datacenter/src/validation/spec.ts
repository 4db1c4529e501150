import type { EntityKind, Models, RecordCollection, Records } from '../store/index.ts';
import type { CodeSets } from '../store/codeSets.ts';
import type { FieldErrors } from './fieldErrors.ts';

/** A referenced record as the checks need it (natural key, owner path, a few fields). */
export type RefDoc = Record<string, any> & { orgPath: string[] };
export type RefTable = Map<string, RefDoc>;
export type RefCollection = 'regions' | 'schools' | 'classes' | 'students' | 'teachers' | 'terms' | 'courses';
export type Refs = Partial<Record<RefCollection, RefTable>>;
/** The natural key a reference names, per table. */
const REF_KEY: Readonly<Record<RefCollection, string>> = {
  regions: 'code',
  schools: 'code',
  classes: 'code',
  students: 'registryNumber',
  teachers: 'staffNumber',
  terms: 'code',
  courses: 'code',
};

/** A record that passed its checks, in its sync shape, with the owner path and derived fields. */
export interface Checked {
  key: string;
  record: Record<string, unknown>;
  orgPath: string[];
  /** Stored beside the record, not part of its sync shape (e.g. a school's kind). */
  derived: Record<string, unknown>;
}

export interface CheckContext {
  refs: Refs;
  /** Records of the same kind accepted earlier in this batch, by natural key (parents, central schools). */
  batch: ReadonlyMap<string, Checked>;
  today: Date;
  /** The code tables the kind names in `codeTables`, as stored (one read per batch). */
  codes: CodeSets;
}

/**
 * What the batch upsert needs to know about one entity kind: its collection and natural key,
 * the references it checks against, and the checks themselves.
 */
export interface EntitySpec {
  kind: EntityKind;
  collection: Exclude<keyof Models, 'changeBatches' | 'commits' | 'codeSets' | 'counters'>;
  keyField: string;
  /** The field an OUT_OF_SCOPE error names (what puts the record in an organization). */
  ownerField: string;
  /** The records it refers to: per table (by code), the input field holding the code. */
  refs: Partial<Record<keyof Refs, string>>;
  /** The code tables its coded fields take values from (store/codeSets.ts). */
  codeTables?: readonly string[];
  /** Checks one input; on errors (recorded in `e`) returns undefined. */
  check(input: Record<string, unknown>, e: FieldErrors, ctx: CheckContext): Checked | undefined;
}

/** The live records a batch refers to, one read per table (`spec.refs`). */
export async function loadRefs(
  records: Records,
  spec: Pick<EntitySpec, 'refs'>,
  inputs: readonly Record<string, unknown>[],
): Promise<Refs> {
  const tables = Object.entries(spec.refs) as [keyof Refs, string][];
  const loaded = await Promise.all(
    tables.map(([table, field]) =>
      loadByKeys(
        records,
        table,
        REF_KEY[table],
        // A field may hold a list of keys (a guardian's students).
        inputs.flatMap((i) => (Array.isArray(i[field]) ? (i[field] as unknown[]) : [i[field]])),
      ),
    ),
  );
  return Object.fromEntries(tables.map(([table], i) => [table, loaded[i]]));
}

/** One read: the live records of `coll` whose `field` is one of `keys`. */
export async function loadByKeys(
  records: Records,
  coll: RecordCollection,
  field: string,
  keys: Iterable<unknown>,
): Promise<RefTable> {
  const wanted = [...new Set([...keys].filter((k): k is string => typeof k === 'string' && k !== ''))];
  const table: RefTable = new Map();
  if (wanted.length === 0) return table;
  for (const row of (await records.byKeys(coll, field, wanted)) as unknown as RefDoc[])
    if (!row.deleted) table.set(row[field] as string, row);
  return table;
}

/** Looks up a reference; records UNKNOWN_REFERENCE when absent. */
export function reference(
  e: FieldErrors,
  table: RefTable | undefined,
  field: string,
  what: string,
  key: string | undefined,
): RefDoc | undefined {
  if (key === undefined) return undefined;
  const found = table?.get(key);
  if (!found) e.add(field, 'UNKNOWN_REFERENCE', `${field}: no ${what} ${key} in the data center`);
  return found;
}
