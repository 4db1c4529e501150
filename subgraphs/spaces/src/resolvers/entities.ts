import {
  canSeeOrgPath,
  checkRegionCode,
  errors,
  isPersonalIdentifier,
  requireCaller,
  unmasksPersonalData,
} from '@edugraph/shared';
import { ifVisible } from '../access.ts';
import { spaceCounts } from '../store/index.ts';
import type { Ctx } from './shared.ts';

/**
 * The person number to find an unclaimed space by. A representation's number is taken on trust
 * only from callers who may look records up by a registry number; a user asking about themselves
 * gets it from identity (a forged representation must not turn this into a lookup oracle).
 */
async function linkedNumber(user: { id: string; personNumber?: string | null }, ctx: Ctx) {
  const number = typeof user.personNumber === 'string' ? user.personNumber : null;
  if (!number || !ctx.caller) return null;
  if (!isPersonalIdentifier(number) || unmasksPersonalData(ctx.caller)) return number;
  if (user.id !== ctx.caller.subject || !ctx.token) return null;
  return (await ctx.identity.me(ctx.token))?.personNumber ?? null;
}

/* Fields spaces adds to other subgraphs' entities; every one tenancy-checked like a lookup. */

export const userType = {
  space: async (user: { id: string; personNumber?: string | null }, _: unknown, ctx: Ctx) => {
    if (!ctx.caller) return null;
    let space = await ctx.loaders.personalSpaceByOwner.load(user.id);
    // Opened from the rosters and not yet claimed: found by the number identity links the user to.
    const number = !space && (await linkedNumber(user, ctx));
    if (number) {
      const unclaimed = await ctx.loaders.personalSpaceByNumber.load(number);
      if (unclaimed && !unclaimed.ownerId) space = unclaimed;
    }
    return ifVisible(ctx, space);
  },
};

export const schoolType = {
  space: async (school: { code: string }, _: unknown, ctx: Ctx) =>
    ctx.caller ? ifVisible(ctx, await ctx.loaders.spaceByKey.load(`school:${school.code}`)) : null,
};

export const classType = {
  space: async (cls: { code: string }, _: unknown, ctx: Ctx) =>
    ctx.caller ? ifVisible(ctx, await ctx.loaders.spaceByKey.load(`class:${cls.code}`)) : null,
};

export const resourceType = {
  shareCount: async (resource: { id: string }, _: unknown, ctx: Ctx) =>
    ctx.caller ? ((await ctx.loaders.shareCount.load(resource.id))?.n ?? 0) : 0,
};

const ratio = (n: number, total: number | null | undefined) =>
  total === null || total === undefined
    ? null
    : total === 0
      ? null
      : Math.round((n / total) * 10_000) / 10_000;

/**
 * 网络学习空间人人通 for a region subtree. Spaces are counted here; the totals they are divided
 * by (teachers, students of grades 7–12) come from the data center's graph with the caller's
 * token, so the figures are always those the caller may see, and stay null when it is down.
 */
export const regionType = {
  spaceIndicators: async (region: { code: string }, _: unknown, ctx: Ctx) => {
    const caller = requireCaller(ctx.caller);
    const checked = checkRegionCode(region.code);
    if (!checked.ok) throw errors.badInput(`Region ${region.code}: ${checked.reason}.`, { field: 'code' });
    if (!canSeeOrgPath(caller, checked.value.path))
      throw errors.forbidden(`Region ${region.code} is outside your organization (${caller.organization}).`);
    const [counts, totals] = await Promise.all([
      spaceCounts(ctx.store.models, region.code),
      ctx.token ? ctx.datacenter.regionTotals(region.code, ctx.token) : Promise.resolve(null),
    ]);
    if (!counts) throw errors.badInput(`Region ${region.code} is not a region code.`, { field: 'code' });
    const { teacherSpaces, secondaryStudentSpaces } = counts;
    return {
      teacherSpaces,
      teachers: totals?.teachers ?? null,
      teacherRatio: ratio(teacherSpaces, totals?.teachers),
      secondaryStudentSpaces,
      secondaryStudents: totals?.secondaryStudents ?? null,
      secondaryStudentRatio: ratio(secondaryStudentSpaces, totals?.secondaryStudents),
      classSpaces: counts.classSpaces,
      schoolSpaces: counts.schoolSpaces,
      groupSpaces: counts.groupSpaces,
      posts: counts.posts,
    };
  },
};
