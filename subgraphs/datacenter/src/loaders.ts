import { createLoaders, groupedLoader, keyedLoader } from '@edugraph/shared';
import type { AssetDoc, ClassDoc, RegionDoc, SchoolDoc, StudentDoc, TeacherDoc } from './models/index.ts';
import type { Reads } from './reads.ts';
import type { RecordCollection } from './replica/ring.ts';

/** Records whose `field` is one of the keys, in one read (tombstones too: see below). */
function byField<D>(reads: Reads, coll: RecordCollection, field: string) {
  return keyedLoader<string, D>(
    // Tombstones too: a live record may still refer to a deleted one; lookups filter them.
    async (keys) => (await reads.byKeys(coll, field, keys)) as unknown as D[],
    (doc) => {
      const value = (doc as Record<string, unknown>)[field];
      return field === '_id' ? (value as { toHexString(): string }).toHexString() : String(value);
    },
  );
}

/** Live records grouped by `field`, in `_id` order, in one read. */
function groupedBy<D>(reads: Reads, coll: RecordCollection, field: string) {
  return groupedLoader<string, D>(
    async (keys) =>
      (await reads.find(coll, { [field]: { $in: [...keys] }, deleted: false })) as unknown as D[],
    (doc) => String((doc as Record<string, unknown>)[field]),
  );
}

/**
 * Per-request loaders (created in each request's context) over the request's reads (the replica
 * or the database). They fetch without tenancy; every resolver that hands a loaded record out
 * checks the caller's subtree (visibility.ts).
 */
export function datacenterLoaders(reads: Reads) {
  return createLoaders({
    regionByCode: () => byField<RegionDoc>(reads, 'regions', 'code'),
    regionChildren: () => groupedBy<RegionDoc>(reads, 'regions', 'parentCode'),
    schoolById: () => byField<SchoolDoc>(reads, 'schools', '_id'),
    schoolByCode: () => byField<SchoolDoc>(reads, 'schools', 'code'),
    teachingPoints: () => groupedBy<SchoolDoc>(reads, 'schools', 'centralSchoolCode'),
    classById: () => byField<ClassDoc>(reads, 'classes', '_id'),
    classByCode: () => byField<ClassDoc>(reads, 'classes', 'code'),
    studentById: () => byField<StudentDoc>(reads, 'students', '_id'),
    studentByRegistryNumber: () => byField<StudentDoc>(reads, 'students', 'registryNumber'),
    teacherById: () => byField<TeacherDoc>(reads, 'teachers', '_id'),
    teacherByStaffNumber: () => byField<TeacherDoc>(reads, 'teachers', 'staffNumber'),
    assetById: () => byField<AssetDoc>(reads, 'assets', '_id'),
    assetByTag: () => byField<AssetDoc>(reads, 'assets', 'assetTag'),
  });
}

export type DatacenterLoaders = ReturnType<typeof datacenterLoaders>;
