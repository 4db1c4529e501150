import DataLoader from 'dataloader';
import { createLoaders, groupedLoader, keyedLoader } from '@edugraph/shared';
import {
  readCodeSets,
  type AssignmentDoc,
  type CourseDoc,
  type EnrollmentDoc,
  type GuardianDoc,
  type TermDoc,
  type AssetDoc,
  type ClassDoc,
  type CodeEntryDoc,
  type Store,
  type RecordCollection,
  type Records,
  type RegionDoc,
  type SchoolDoc,
  type StudentDoc,
  type TeacherDoc,
} from './store/index.ts';

/** Records whose `field` is one of the keys, in one read (tombstones too: see below). */
function byField<D>(records: Records, coll: RecordCollection, field: string) {
  return keyedLoader<string, D>(
    // Tombstones too: a live record may still refer to a deleted one; lookups filter them.
    async (keys) => (await records.byKeys(coll, field, keys)) as unknown as D[],
    (doc) => {
      const value = (doc as Record<string, unknown>)[field];
      return field === '_id' ? (value as { toHexString(): string }).toHexString() : String(value);
    },
  );
}

/** Live records grouped by `field`, in `_id` order, in one read. */
function groupedBy<D>(records: Records, coll: RecordCollection, field: string) {
  return groupedLoader<string, D>(
    async (keys) =>
      (await records.find(coll, { [field]: { $in: [...keys] }, deleted: false })) as unknown as D[],
    (doc) => String((doc as Record<string, unknown>)[field]),
  );
}

/**
 * Live records matched on two or more fields at once, grouped by a key built from the fields
 * (`a|b`): one `$in` per field, rows not of a wanted combination dropped. `multi` names a field
 * holding a list (a guardian's students): a row joins every group its list names.
 */
function pairedLoader<D>(
  records: Records,
  coll: RecordCollection,
  fields: readonly string[],
  multi?: string,
) {
  return new DataLoader<string, D[]>(
    async (keys) => {
      const parts = keys.map((k) => k.split('|'));
      const filter: Record<string, unknown> = { deleted: false };
      fields.forEach((f, i) => (filter[f] = { $in: [...new Set(parts.map((p) => p[i]!))] }));
      const groups = new Map<string, D[]>(keys.map((k) => [k, []]));
      for (const row of (await records.find(coll, filter)) as Record<string, unknown>[]) {
        const values = fields.map((f) => (f === multi ? (row[f] as string[]) : [String(row[f])]));
        const combos = values.reduce<string[]>(
          (acc, vs) => acc.flatMap((a) => vs.map((v) => (a ? `${a}|${v}` : v))),
          [''],
        );
        for (const combo of new Set(combos)) groups.get(combo)?.push(row as D);
      }
      return keys.map((k) => groups.get(k)!);
    },
    { maxBatchSize: 1000 },
  );
}

/**
 * Per-request loaders (created in each request's context): a request's reads of referenced
 * records are one `$in` per kind and key, whatever the size of the list. They fetch without
 * tenancy; every resolver that hands a loaded record out checks the caller's subtree (access.ts).
 */
export function datacenterLoaders({ records, models }: Pick<Store, 'records' | 'models'>) {
  return createLoaders({
    /** A code table's entries (CodeValue names): one read for every table a request names. */
    codeSet: () =>
      groupedLoader<string, CodeEntryDoc>(
        async (tables) => [...(await readCodeSets(models, tables)).values()].flat(),
        (entry) => entry.table,
      ),
    regionByCode: () => byField<RegionDoc>(records, 'regions', 'code'),
    regionChildren: () => groupedBy<RegionDoc>(records, 'regions', 'parentCode'),
    schoolById: () => byField<SchoolDoc>(records, 'schools', '_id'),
    schoolByCode: () => byField<SchoolDoc>(records, 'schools', 'code'),
    teachingPoints: () => groupedBy<SchoolDoc>(records, 'schools', 'centralSchoolCode'),
    classById: () => byField<ClassDoc>(records, 'classes', '_id'),
    classByCode: () => byField<ClassDoc>(records, 'classes', 'code'),
    studentById: () => byField<StudentDoc>(records, 'students', '_id'),
    studentByRegistryNumber: () => byField<StudentDoc>(records, 'students', 'registryNumber'),
    teacherById: () => byField<TeacherDoc>(records, 'teachers', '_id'),
    teacherByStaffNumber: () => byField<TeacherDoc>(records, 'teachers', 'staffNumber'),
    assetById: () => byField<AssetDoc>(records, 'assets', '_id'),
    assetByTag: () => byField<AssetDoc>(records, 'assets', 'assetTag'),
    termByCode: () => byField<TermDoc>(records, 'terms', 'code'),
    courseByCode: () => byField<CourseDoc>(records, 'courses', 'code'),
    guardianByNumber: () => byField<GuardianDoc>(records, 'guardians', 'guardianNumber'),
    enrollmentsOfStudent: () => groupedBy<EnrollmentDoc>(records, 'enrollments', 'registryNumber'),
    assignmentsOfTeacher: () => groupedBy<AssignmentDoc>(records, 'assignments', 'staffNumber'),
    /** Key: class code|term code. */
    assignmentsOfClass: () => pairedLoader<AssignmentDoc>(records, 'assignments', ['classCode', 'termCode']),
    /** Key: school code|registry number (the school narrows the read to an index range). */
    guardiansOfStudent: () =>
      pairedLoader<GuardianDoc>(
        records,
        'guardians',
        ['schoolCode', 'studentRegistryNumbers'],
        'studentRegistryNumbers',
      ),
  });
}

export type DatacenterLoaders = ReturnType<typeof datacenterLoaders>;
