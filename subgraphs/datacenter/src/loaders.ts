import { createLoaders, groupedLoader, keyedLoader } from '@edugraph/shared';
import { Types, type Model } from 'mongoose';
import type {
  AssetDoc,
  ClassDoc,
  Models,
  RegionDoc,
  SchoolDoc,
  StudentDoc,
  TeacherDoc,
} from './models/index.ts';

/** Live records whose `field` is one of the keys, in one query. */
function byField<D extends { _id: Types.ObjectId }>(model: Model<D>, field: string) {
  return keyedLoader<string, D>(
    async (keys) => {
      const values =
        field === '_id'
          ? keys
              .filter((k) => Types.ObjectId.isValid(k) && /^[a-f0-9]{24}$/i.test(k))
              .map((k) => new Types.ObjectId(k))
          : [...keys];
      if (values.length === 0) return [];
      // Tombstones too: a live record may still refer to a deleted one; lookups filter them.
      return (await model
        .find({ [field]: { $in: values } } as never)
        .batchSize(values.length)
        .lean()) as unknown as D[];
    },
    (doc) => (field === '_id' ? doc._id.toHexString() : String((doc as Record<string, unknown>)[field])),
  );
}

function groupedBy<D>(model: Model<D>, field: string) {
  return groupedLoader<string, D>(
    async (keys) =>
      (await model
        .find({ [field]: { $in: [...keys] }, deleted: false } as never)
        .sort({ _id: 1 })
        .batchSize(10_000)
        .lean()) as D[],
    (doc) => String((doc as Record<string, unknown>)[field]),
  );
}

/**
 * Per-request loaders (created in each request's context). They fetch without tenancy; every
 * resolver that hands a loaded record out checks the caller's subtree (visibility.ts).
 */
export function datacenterLoaders(models: Models) {
  return createLoaders({
    regionByCode: () => byField<RegionDoc>(models.regions, 'code'),
    regionChildren: () => groupedBy<RegionDoc>(models.regions, 'parentCode'),
    schoolById: () => byField<SchoolDoc>(models.schools, '_id'),
    schoolByCode: () => byField<SchoolDoc>(models.schools, 'code'),
    teachingPoints: () => groupedBy<SchoolDoc>(models.schools, 'centralSchoolCode'),
    classById: () => byField<ClassDoc>(models.classes, '_id'),
    classByCode: () => byField<ClassDoc>(models.classes, 'code'),
    studentById: () => byField<StudentDoc>(models.students, '_id'),
    studentByRegistryNumber: () => byField<StudentDoc>(models.students, 'registryNumber'),
    teacherById: () => byField<TeacherDoc>(models.teachers, '_id'),
    teacherByStaffNumber: () => byField<TeacherDoc>(models.teachers, 'staffNumber'),
    assetById: () => byField<AssetDoc>(models.assets, '_id'),
    assetByTag: () => byField<AssetDoc>(models.assets, 'assetTag'),
  });
}

export type DatacenterLoaders = ReturnType<typeof datacenterLoaders>;
