import { createLoaders, groupedLoader, keyedLoader } from '@edugraph/shared';
import type {
  AssetDoc,
  ClassDoc,
  CodeEntryDoc,
  Models,
  RecordCollection,
  Records,
  RegionDoc,
  SchoolDoc,
  StudentDoc,
  TeacherDoc,
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
 * Per-request loaders (created in each request's context): a request's reads of referenced
 * records are one `$in` per kind and key, whatever the size of the list. They fetch without
 * tenancy; every resolver that hands a loaded record out checks the caller's subtree (access.ts).
 */
export function datacenterLoaders(records: Records, models: Pick<Models, 'codeSets'>) {
  return createLoaders({
    /** A code table's entries (CodeValue names): one read for every table a request names. */
    codeSet: () =>
      groupedLoader<string, CodeEntryDoc>(
        async (tables) =>
          (await models.codeSets.find({ table: { $in: [...tables] } } as never).lean()) as CodeEntryDoc[],
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
  });
}

export type DatacenterLoaders = ReturnType<typeof datacenterLoaders>;
