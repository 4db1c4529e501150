import {
  ADMIN_ROLES,
  errors,
  hasRole,
  idempotencyRequest,
  isParentOnly,
  requireCaller,
  requireScope,
  scopes,
  type Connection,
  type PageArgs,
} from '@edugraph/shared';
import { canManage, checkVisibility, ifVisible, managedSpace, myRole, visibleSpace } from '../access.ts';
import {
  addMemberships,
  memberKeyOfUser,
  membershipPage,
  membersPage,
  openGroupSpace,
  removeMembership,
  spacesPage,
  updateSpace,
  type MembershipDoc,
  type SpaceDoc,
  type SpaceKind,
  type Visibility,
} from '../store/index.ts';
import { cleanName, cleanText, limits } from '../text.ts';
import type {
  AddMembersArgs,
  CreateGroupArgs,
  IdArgs,
  NoArgs,
  RemoveMemberArgs,
  SpacesArgs,
  UpdateSpaceArgs,
} from './args.ts';
import { ensurePersonalSpace, openPersonalSpace } from './mySpace.ts';
import { iso, requirePerson, requireToken, userRef, type Ctx } from './shared.ts';

/** The caller's spaces: a page of their memberships, each resolved to its space (one `$in`). */
async function mySpacesPage(ctx: Ctx, args: PageArgs): Promise<Connection<SpaceDoc>> {
  const caller = requireCaller(ctx.caller);
  await ensurePersonalSpace(ctx, caller);
  const page = await membershipPage(ctx.store.models, memberKeyOfUser(caller.subject), args);
  const spaces = await ctx.loaders.spaceById.loadMany(page.nodes.map((m) => m.spaceId));
  const edges = page.edges.flatMap((edge, i) => {
    const node = spaces[i];
    return node && !(node instanceof Error) ? [{ cursor: edge.cursor, node }] : [];
  });
  return { ...page, edges, nodes: edges.map((e) => e.node) };
}

export const spaceQueries = {
  space: async (_: unknown, { id }: IdArgs, ctx: Ctx) => {
    requireCaller(ctx.caller);
    return ifVisible(ctx, await ctx.loaders.spaceById.load(id));
  },
  mySpace: async (_: unknown, __: NoArgs, ctx: Ctx) => ensurePersonalSpace(ctx, requireCaller(ctx.caller)),
  mySpaces: (_: unknown, args: PageArgs, ctx: Ctx) => mySpacesPage(ctx, args),
  spaces: async (_: unknown, args: SpacesArgs, ctx: Ctx) => {
    const caller = requireScope(ctx.caller, scopes.SPACES_READ);
    if (!caller.isService && !hasRole(caller, ...ADMIN_ROLES))
      throw errors.forbidden('Listing all spaces is for administrators; use mySpaces for yours.');
    const organization = args.organization ? String(args.organization) : null;
    return spacesPage(ctx.store.models, caller, { kind: args.kind, organization }, args);
  },
};

export const spaceType = {
  __resolveReference: async (ref: { id: string }, ctx: Ctx) =>
    ifVisible(ctx, await ctx.loaders.spaceById.load(ref.id)),
  id: (s: SpaceDoc) => s._id.toString(),
  owner: (s: SpaceDoc) => userRef(s.ownerId),
  myRole: (s: SpaceDoc, _: NoArgs, ctx: Ctx) => myRole(ctx, s),
  openedAt: (s: SpaceDoc) => iso(s.createdAt),
  // A parent-only caller sees the space's teachers, never its pupils (no class roster for parents).
  members: (s: SpaceDoc, args: PageArgs, ctx: Ctx) =>
    membersPage(ctx.store.models, s._id.toString(), args, isParentOnly(ctx.caller)),
};

export const memberType = {
  user: (m: MembershipDoc) => userRef(m.userId),
  joinedAt: (m: MembershipDoc) => iso(m.createdAt),
};

export const spaceMutations = {
  openMySpace: async (_: unknown, __: NoArgs, ctx: Ctx) =>
    openPersonalSpace(ctx, requirePerson(ctx.caller, 'Opening a personal space')),

  createGroupSpace: async (_: unknown, args: CreateGroupArgs, ctx: Ctx) => {
    const { input } = args;
    const caller = requirePerson(ctx.caller, 'Creating a group');
    const index = caller.orgPath.indexOf(String(input.regionCode));
    // A group spans a province, city or county of the caller's own path — never the nation,
    // whose code is on everyone's path: a PUBLIC group there would reach every province.
    if (index < 1 || !/^\d{6}$/.test(String(input.regionCode)))
      throw errors.badInput(
        `regionCode ${input.regionCode} is not a province, city or county above your organization (${caller.orgPath.join(' › ')}); a group spans at most a province.`,
        { field: 'regionCode' },
      );
    return openGroupSpace(
      ctx.store.models,
      {
        title: cleanName(input.title, 'title', limits.title),
        description: cleanText(input.description ?? '', 'description', limits.description),
        visibility: checkVisibility('GROUP', null, input.visibility as Visibility),
        orgPath: caller.orgPath.slice(0, index + 1),
        openedBy: caller.subject,
      },
      idempotencyRequest('createGroupSpace', caller.subject, args),
    );
  },

  addSpaceMembers: async (_: unknown, { spaceId, members }: AddMembersArgs, ctx: Ctx) => {
    const space = await managedSpace(ctx, spaceId);
    if (space.kind === 'PERSONAL')
      throw errors.badInput('A personal space has no other members.', { field: 'spaceId' });
    if (members.length > 200) throw errors.batchTooLarge(200, members.length);
    const ids = members.map((m) => m.userId);
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
    if (members.some((m) => m.role === 'OWNER'))
      throw errors.badInput('A space has one owner; add members as MANAGER or MEMBER.', { field: 'members' });
    await addMemberships(
      ctx.store.models,
      members.map((m, i) => ({
        space,
        userId: m.userId,
        displayName: users[i]!.displayName,
        role: m.role,
      })),
    );
    return space;
  },

  removeSpaceMember: async (_: unknown, { spaceId, userId }: RemoveMemberArgs, ctx: Ctx) => {
    const caller = requireCaller(ctx.caller);
    const space = await visibleSpace(ctx, spaceId);
    // Managers remove anyone; anyone may leave.
    if (userId !== caller.subject && !(await canManage(ctx, space)))
      throw errors.forbidden(`Only the managers of space “${space.title}” can remove members.`);
    if (space.ownerId === userId)
      throw errors.badInput('The owner cannot leave their own space.', { field: 'userId' });
    await removeMembership(ctx.store.models, space._id.toString(), memberKeyOfUser(userId));
    return space;
  },

  updateSpace: async (_: unknown, { id, input }: UpdateSpaceArgs, ctx: Ctx) => {
    const space = await managedSpace(ctx, id);
    const set: Partial<SpaceDoc> = {};
    if (input.title != null) set.title = cleanName(input.title, 'title', limits.title);
    if (input.description != null)
      set.description = cleanText(input.description, 'description', limits.description);
    if (input.visibility != null)
      set.visibility = checkVisibility(
        space.kind as SpaceKind,
        space.ownerKind,
        input.visibility as Visibility,
      );
    return updateSpace(ctx.store.models, space, set);
  },
};
