import { personalDataAccessLog } from '@edugraph/shared';
import type { DatacenterContext } from '../context.ts';
import {
  entityKinds,
  type AssetFilter,
  type ClassFilter,
  type EntityKind,
  type ListArgs,
  type RegionFilter,
  type SchoolFilter,
  type StudentFilter,
  type TeacherFilter,
} from '../store/index.ts';
import { readChanges, type FeedArgs } from '../sync/feed.ts';
import { CodeQueries } from './codes.ts';
import { RosterQueries, studentFor } from './roster.ts';
import {
  reader,
  requirePersonalIdentifierLookup,
  seesStudents,
  visible,
  visibleRegion,
  visibleStudent,
} from '../access.ts';

/** Kinds whose records are about students: a parent-only caller reads the feed without them. */
const PERSONAL_KINDS: readonly EntityKind[] = ['STUDENT', 'ENROLLMENT', 'GUARDIAN'];

type Ctx = DatacenterContext;

/** Lookups answer null outside the caller's subtree; lists are scoped by the caller's subtree. */
export const Query = {
  region: async (_: unknown, { code }: { code: string }, ctx: Ctx) =>
    visibleRegion(reader(ctx), await ctx.loaders.regionByCode.load(code)),
  regions: (_: unknown, a: ListArgs<RegionFilter>, ctx: Ctx) =>
    ctx.store.lists.regions(reader(ctx), a.filter, a),

  school: async (_: unknown, { id }: { id: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.schoolById.load(id)),
  schoolByCode: async (_: unknown, { code }: { code: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.schoolByCode.load(code)),
  schools: (_: unknown, a: ListArgs<SchoolFilter>, ctx: Ctx) =>
    ctx.store.lists.schools(reader(ctx), a.filter, a),

  class: async (_: unknown, { id }: { id: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.classById.load(id)),
  classByCode: async (_: unknown, { code }: { code: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.classByCode.load(code)),
  classes: (_: unknown, a: ListArgs<ClassFilter>, ctx: Ctx) =>
    ctx.store.lists.classes(reader(ctx), a.filter, a),

  student: async (_: unknown, { id }: { id: string }, ctx: Ctx) => {
    reader(ctx);
    return studentFor(ctx, await ctx.loaders.studentById.load(id));
  },
  studentByRegistryNumber: async (_: unknown, { registryNumber }: { registryNumber: string }, ctx: Ctx) => {
    const caller = reader(ctx);
    requirePersonalIdentifierLookup(caller, 'registry number');
    return visibleStudent(
      caller,
      await ctx.loaders.studentByRegistryNumber.load(registryNumber.trim().toUpperCase()),
    );
  },
  students: (_: unknown, a: ListArgs<StudentFilter>, ctx: Ctx) =>
    ctx.store.lists.students(reader(ctx), a.filter, a),

  teacher: async (_: unknown, { id }: { id: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.teacherById.load(id)),
  teacherByStaffNumber: async (_: unknown, { staffNumber }: { staffNumber: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.teacherByStaffNumber.load(staffNumber)),
  teachers: (_: unknown, a: ListArgs<TeacherFilter>, ctx: Ctx) =>
    ctx.store.lists.teachers(reader(ctx), a.filter, a),

  asset: async (_: unknown, { id }: { id: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.assetById.load(id)),
  assetByTag: async (_: unknown, { assetTag }: { assetTag: string }, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.assetByTag.load(assetTag)),
  assets: (_: unknown, a: ListArgs<AssetFilter>, ctx: Ctx) =>
    ctx.store.lists.assets(reader(ctx), a.filter, a),

  changes: (_: unknown, a: FeedArgs, ctx: Ctx) => {
    const caller = reader(ctx);
    // A parent-only caller reads the feed without student records (see visibleStudent).
    const kinds = seesStudents(caller)
      ? a.kinds
      : (a.kinds?.length ? a.kinds : entityKinds).filter((k) => !PERSONAL_KINDS.includes(k));
    return readChanges(ctx.store.models, caller, { ...a, kinds });
  },

  ...CodeQueries,
  ...RosterQueries,
  datacenterPersonalDataAccessLog: personalDataAccessLog,
};
