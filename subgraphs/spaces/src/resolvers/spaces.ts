import {
  ADMIN_ROLES,
  errors,
  hasRole,
  isParentOnly,
  paginate,
  requireCaller,
  requireScope,
  scopes,
  withinSubtree,
} from '@edugraph/shared';
import { Types } from 'mongoose';
import { canManage, checkVisibility, ifVisible, managedSpace, myRole, visibleSpace } from '../access.ts';
import { memberKeyOfUser } from '../context.ts';
import type { MembershipDoc, OwnerKind, SpaceDoc, SpaceKind, Visibility } from '../models/space.ts';
import { unindexMembership } from '../memberIndex.ts';
import { addMemberships, isSecondary, openPersonalSpaces, schoolOf } from '../opening.ts';
import { cleanName, cleanText, limits } from '../text.ts';
import { iso, requirePerson, requireToken, userRef, type Args, type Ctx } from './shared.ts';

const ownerKindOf = (kind: string | null | undefined): OwnerKind =>
  kind === 'TEACHER' || kind === 'STUDENT' ? kind : 'OTHER';

async function mySpaceIds(ctx: Ctx): Promise<string[]> {
  return [...(await ctx.myMemberships()).keys()];
}

export const spaceQueries = {
  space: async (_: unknown, { id }: Args, ctx: Ctx) => {
    requireCaller(ctx.caller);
    return ifVisible(ctx, await ctx.loaders.spaceById.load(id));
  },
  mySpace: async (_: unknown, __: Args, ctx: Ctx) => {
    const caller = requireCaller(ctx.caller);
    return ctx.loaders.personalSpaceByOwner.load(caller.subject);
  },
  mySpaces: async (_: unknown, args: Args, ctx: Ctx) => {
    requireCaller(ctx.caller);
    const ids = (await mySpaceIds(ctx)).map((id) => new Types.ObjectId(id));
    return paginate(ctx.models.spaces, args, { filter: { _id: { $in: ids } } });
  },
  spaces: async (_: unknown, args: Args, ctx: Ctx) => {
    const caller = requireScope(ctx.caller, scopes.SPACES_READ);
    if (!caller.isService && !hasRole(caller, ...ADMIN_ROLES))
      throw errors.forbidden('Listing all spaces is for administrators; use mySpaces for yours.');
    const filter: Record<string, unknown> = {};
    if (args.kind) filter.kind = args.kind;
    if (args.organization) filter.orgPath = String(args.organization);
    return paginate(ctx.models.spaces, args, { filter: withinSubtree(caller, filter) });
  },
};

export const spaceType = {
  __resolveReference: async (ref: { id: string }, ctx: Ctx) =>
    ifVisible(ctx, await ctx.loaders.spaceById.load(ref.id)),
  id: (s: SpaceDoc) => s._id.toString(),
  owner: (s: SpaceDoc) => userRef(s.ownerId),
  myRole: (s: SpaceDoc, _: Args, ctx: Ctx) => myRole(ctx, s),
  openedAt: (s: SpaceDoc) => iso(s.createdAt),
  members: (s: SpaceDoc, args: Args, ctx: Ctx) => {
    // A parent-only caller sees the space's teachers, never its pupils (no class roster for parents).
    const filter = isParentOnly(ctx.caller)
      ? { spaceId: s._id.toString(), role: { $in: ['OWNER', 'MANAGER'] } }
      : { spaceId: s._id.toString() };
    return paginate(ctx.models.memberships, args, { filter, defaultPageSize: 50 });
  },
};

export const memberType = {
  user: (m: MembershipDoc) => userRef(m.userId),
  joinedAt: (m: MembershipDoc) => iso(m.createdAt),
};

export const spaceMutations = {
  openMySpace: async (_: unknown, __: Args, ctx: Ctx) => {
    const caller = requirePerson(ctx.caller, 'Opening a personal space');
    const me = await ctx.identity.me(requireToken(ctx));
    if (!me || me.id !== caller.subject) throw errors.notFound('User', caller.subject);
    const [opened] = await openPersonalSpaces(ctx.models, [
      {
        ownerId: me.id,
        personNumber: me.personNumber,
        displayName: me.displayName,
        ownerKind: ownerKindOf(me.kind),
        orgPath: me.orgPath,
        secondary: isSecondary(schoolOf(me.orgPath)),
        openedBy: caller.subject,
      },
    ]);
    await addMemberships(ctx.models, [{ space: opened!.space, userId: me.id, role: 'OWNER' }]);
    return opened!.space;
  },

  createGroupSpace: async (_: unknown, { input }: Args, ctx: Ctx) => {
    const caller = requirePerson(ctx.caller, 'Creating a group');
    const index = caller.orgPath.indexOf(String(input.regionCode));
    // A group spans a province, city or county of the caller's own path — never the nation,
    // whose code is on everyone's path: a PUBLIC group there would reach every province.
    if (index < 1 || !/^\d{6}$/.test(String(input.regionCode)))
      throw errors.badInput(
        `regionCode ${input.regionCode} is not a province, city or county above your organization (${caller.orgPath.join(' › ')}); a group spans at most a province.`,
        { field: 'regionCode' },
      );
    const visibility = checkVisibility('GROUP', null, input.visibility as Visibility);
    const id = new Types.ObjectId();
    const space = await ctx.models.spaces.create({
      _id: id,
      kind: 'GROUP',
      key: `group:${id.toString()}`,
      title: cleanName(input.title, 'title', limits.title),
      description: cleanText(input.description ?? '', 'description', limits.description),
      visibility,
      orgPath: caller.orgPath.slice(0, index + 1),
      openedBy: caller.subject,
    });
    await addMemberships(ctx.models, [{ space: space, userId: caller.subject, role: 'OWNER' }]);
    return space.toObject();
  },

  addSpaceMembers: async (_: unknown, { spaceId, members }: Args, ctx: Ctx) => {
    const space = await managedSpace(ctx, spaceId);
    if (space.kind === 'PERSONAL')
      throw errors.badInput('A personal space has no other members.', { field: 'spaceId' });
    if (members.length > 200) throw errors.batchTooLarge(200, members.length);
    const ids = members.map((m: { userId: string }) => m.userId);
    const users = await ctx.identity.users(ids, requireToken(ctx));
    // A member must belong under the space's organization: a group spans its region, a class its school.
    const owner = space.orgPath.at(-1)!;
    users.forEach((u, i) => {
      if (!u || !u.orgPath.includes(owner))
        throw errors.badInput(
          `User ${ids[i]} is unknown, not visible to you, or outside ${owner}, the organization of space “${space.title}”.`,
          { field: `members.${i}.userId` },
        );
    });
    if (members.some((m: { role: string }) => m.role === 'OWNER'))
      throw errors.badInput('A space has one owner; add members as MANAGER or MEMBER.', { field: 'members' });
    await addMemberships(
      ctx.models,
      members.map((m: { userId: string; role: 'MANAGER' | 'MEMBER' }, i: number) => ({
        space,
        userId: m.userId,
        displayName: users[i]!.displayName,
        role: m.role,
      })),
    );
    return space;
  },

  removeSpaceMember: async (_: unknown, { spaceId, userId }: Args, ctx: Ctx) => {
    const caller = requireCaller(ctx.caller);
    const space = await visibleSpace(ctx, spaceId);
    // Managers remove anyone; anyone may leave.
    if (userId !== caller.subject && !(await canManage(ctx, space)))
      throw errors.forbidden(`Only the managers of space “${space.title}” can remove members.`);
    if (space.ownerId === userId)
      throw errors.badInput('The owner cannot leave their own space.', { field: 'userId' });
    const memberKey = memberKeyOfUser(userId);
    const { deletedCount } = await ctx.models.memberships.deleteOne({
      spaceId,
      memberKey,
      role: { $ne: 'OWNER' },
    });
    if (deletedCount) await unindexMembership(ctx.models, memberKey, space._id.toString());
    return space;
  },

  updateSpace: async (_: unknown, { id, input }: Args, ctx: Ctx) => {
    const space = await managedSpace(ctx, id);
    const set: Record<string, unknown> = {};
    if (input.title != null) set.title = cleanName(input.title, 'title', limits.title);
    if (input.description != null)
      set.description = cleanText(input.description, 'description', limits.description);
    if (input.visibility != null)
      set.visibility = checkVisibility(
        space.kind as SpaceKind,
        space.ownerKind,
        input.visibility as Visibility,
      );
    await ctx.models.spaces.updateOne({ _id: space._id }, { $set: set });
    return { ...space, ...set };
  },
};
