import type { PageArgs } from '@edugraph/shared';
import type { DatacenterContext } from '../context.ts';
import {
  TRAINING_TARGET_HOURS,
  type AssetDoc,
  type ChangeDoc,
  type ClassDoc,
  type RegionDoc,
  type SchoolDoc,
  type SchoolFilter,
  type ListArgs,
  type StudentDoc,
  type TeacherDoc,
} from '../store/index.ts';
import {
  referenced,
  requirePersonalIdentifierLookup,
  visible,
  visibleRegion,
  visibleStudent,
} from '../access.ts';
import { reader } from '../access.ts';
import { errors, canSeeOrgPath } from '@edugraph/shared';
import { codeName, codeValue, genderEnum, statusEnum } from './codes.ts';
import { ClassRoster, studentFor, StudentRoster, TeacherRoster, UserRoster } from './roster.ts';

type Ctx = DatacenterContext;
type Ref = { id?: string; code?: string };
const id = (doc: { _id: { toString(): string } }) => doc._id.toString();

/**
 * Entity references (`_entities`) go through the same per-request loaders as nested fields, so
 * a batch of representations costs one query, and answer null outside the caller's subtree.
 */
export const Region = {
  __resolveReference: async (ref: Ref, ctx: Ctx) =>
    visibleRegion(reader(ctx), await ctx.loaders.regionByCode.load(ref.code!)),
  parent: async (r: RegionDoc, _: unknown, ctx: Ctx) =>
    r.parentCode ? visibleRegion(ctx.caller, await ctx.loaders.regionByCode.load(r.parentCode)) : null,
  children: async (r: RegionDoc, _: unknown, ctx: Ctx) =>
    (await ctx.loaders.regionChildren.load(r.code)).filter((c) => visibleRegion(ctx.caller, c)),
  schools: (r: RegionDoc, a: ListArgs<SchoolFilter>, ctx: Ctx) =>
    ctx.store.lists.schools(reader(ctx), { ...a.filter, regionCode: r.code }, a),
  indicators: (r: RegionDoc, _: unknown, ctx: Ctx) => {
    // Aggregates of a region above the caller (its own province seen by a county) would leak.
    if (!canSeeOrgPath(ctx.caller, r.orgPath))
      throw errors.forbidden(
        `Indicators of ${r.code} are outside your organization (${ctx.caller?.organization}).`,
      );
    return ctx.store.indicators(r.code);
  },
  termIndicators: (r: RegionDoc, a: { term: string }, ctx: Ctx) => {
    if (!canSeeOrgPath(ctx.caller, r.orgPath))
      throw errors.forbidden(
        `Indicators of ${r.code} are outside your organization (${ctx.caller?.organization}).`,
      );
    return ctx.store.termIndicators(r.code, a.term);
  },
};

export const StageCount = { stage: codeValue('XDM', 'stage') };
export const SubjectCount = { subject: codeValue('XKM', 'subject') };

export const School = {
  __resolveReference: async (ref: Ref, ctx: Ctx) =>
    visible(
      reader(ctx),
      await (ref.id ? ctx.loaders.schoolById.load(ref.id) : ctx.loaders.schoolByCode.load(ref.code!)),
    ),
  id,
  region: async (s: SchoolDoc, _: unknown, ctx: Ctx) => {
    const region = await ctx.loaders.regionByCode.load(s.regionCode);
    // The school is visible, so its region is on the caller's path or inside the subtree.
    return region && (canSeeOrgPath(ctx.caller, region.orgPath) || ctx.caller?.orgPath.includes(region.code))
      ? region
      : null;
  },
  centralSchool: async (s: SchoolDoc, _: unknown, ctx: Ctx) =>
    s.centralSchoolCode
      ? referenced(ctx.caller, await ctx.loaders.schoolByCode.load(s.centralSchoolCode))
      : null,
  isTeachingPoint: (s: SchoolDoc) => s.centralSchoolCode !== null,
  teachingPoints: async (s: SchoolDoc, _: unknown, ctx: Ctx) =>
    (await ctx.loaders.teachingPoints.load(s.code)).filter((t) => visible(ctx.caller, t)),
  classes: (s: SchoolDoc, a: PageArgs, ctx: Ctx) =>
    ctx.store.lists.classes(reader(ctx), { schoolCode: s.code }, a, { school: s }),
};

export const Class = {
  __resolveReference: async (ref: Ref, ctx: Ctx) =>
    visible(
      reader(ctx),
      await (ref.id ? ctx.loaders.classById.load(ref.id) : ctx.loaders.classByCode.load(ref.code!)),
    ),
  id,
  school: async (c: ClassDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.schoolByCode.load(c.schoolCode)),
  headTeacher: async (c: ClassDoc, _: unknown, ctx: Ctx) =>
    c.headTeacherStaffNumber
      ? visible(ctx.caller, await ctx.loaders.teacherByStaffNumber.load(c.headTeacherStaffNumber))
      : null,
  ...ClassRoster,
};

export const Student = {
  __resolveReference: async (ref: Ref, ctx: Ctx) => {
    reader(ctx);
    return studentFor(ctx, await ctx.loaders.studentById.load(ref.id!));
  },
  ...StudentRoster,
  id,
  school: async (s: StudentDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.schoolByCode.load(s.schoolCode)),
  class: async (s: StudentDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.classByCode.load(s.classCode)),
  gender: genderEnum,
  genderCode: codeValue('XBM', 'gender'),
  status: statusEnum,
  statusCode: codeValue('XJZTM', 'status'),
  ethnicity: (s: StudentDoc, _: unknown, ctx: Ctx) => codeName(ctx, 'MZM', s.ethnicity),
  ethnicityCode: codeValue('MZM', 'ethnicity'),
  idType: codeValue('SFZJLXM', 'idType'),
  overseasStatus: codeValue('GATQWM', 'overseasStatus'),
  householdType: codeValue('HKXZM', 'householdType'),
  leftBehind: codeValue('LSETM', 'leftBehind'),
  disability: codeValue('CJLXM', 'disability'),
  health: codeValue('JKZKM', 'health'),
};

export const Teacher = {
  __resolveReference: async (ref: Ref, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.teacherById.load(ref.id!)),
  id,
  school: async (t: TeacherDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.schoolByCode.load(t.schoolCode)),
  meetsTrainingTarget: (t: TeacherDoc) => t.trainingHours >= TRAINING_TARGET_HOURS,
  ...TeacherRoster,
  gender: genderEnum,
  genderCode: codeValue('XBM', 'gender'),
  idType: codeValue('SFZJLXM', 'idType'),
  ethnicityCode: codeValue('MZM', 'ethnicity'),
  education: codeValue('XLM', 'education'),
  staffing: codeValue('BZLBM', 'staffing'),
  qualification: codeValue('JSZGZZLM', 'qualification'),
  health: codeValue('JKZKM', 'health'),
};

export const Asset = {
  __resolveReference: async (ref: Ref, ctx: Ctx) =>
    visible(reader(ctx), await ctx.loaders.assetById.load(ref.id!)),
  id,
  school: async (a: AssetDoc, _: unknown, ctx: Ctx) =>
    referenced(ctx.caller, await ctx.loaders.schoolByCode.load(a.schoolCode)),
};

/** identity's User, extended with the data-center record its personNumber names. */
export const User = {
  __resolveReference: (ref: { id: string; personNumber?: string | null }) => ref,
  ...UserRoster,
  person: async (u: { personNumber?: string | null }, _: unknown, ctx: Ctx) => {
    const number = u.personNumber?.trim().toUpperCase();
    if (!number) return null;
    const caller = reader(ctx);
    if (number.length === 19) {
      // Following the link is a lookup by registry number: the same rule as studentByRegistryNumber.
      requirePersonalIdentifierLookup(caller, "the user's registry number (personNumber)");
      return visibleStudent(caller, await ctx.loaders.studentByRegistryNumber.load(number));
    }
    if (/^\d{14}$/.test(number)) return visible(caller, await ctx.loaders.teacherByStaffNumber.load(number));
    return null;
  },
};

export const Person = {
  __resolveType: (doc: object) => ('registryNumber' in doc ? 'Student' : 'Teacher'),
};

export const Change = {
  cursor: (c: ChangeDoc) => String(c._id),
  at: (c: ChangeDoc) => c.at.toISOString(),
};
