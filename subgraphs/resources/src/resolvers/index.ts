import type { PageArgs } from '@edugraph/shared';
import type { ResourcesContext } from '../context.ts';
import { resourceChanges } from '../feed.ts';
import type { ReceiptStatus } from '../store/push.ts';
import { pushesTo, pushResource, updatePushReceipt } from '../push/push.ts';
import { createResource, updateResource, visibleResource } from '../resourceWrites.ts';
import { applyReviewAction, applySharingAction } from '../review/transitions.ts';
import { browseResources } from '../search/browse.ts';
import { favoritesOf, recordDownload, recordView, regionUsage, setFavorite } from '../usage.ts';
import { resourceResolvers } from './resource.ts';

type Args = Record<string, any>;
type Ctx = ResourcesContext;

const review =
  (action: Parameters<typeof applyReviewAction>[2]) =>
  (_: unknown, { id, reason, note }: Args, ctx: Ctx) =>
    applyReviewAction(ctx, id, action, reason ?? note);
const sharing =
  (action: Parameters<typeof applySharingAction>[2]) =>
  (_: unknown, { id, reason, note }: Args, ctx: Ctx) =>
    applySharingAction(ctx, id, action, reason ?? note);

export const resolvers = {
  Query: {
    resource: (_: unknown, { id }: Args, ctx: Ctx) => visibleResource(ctx, id),
    resources: (_: unknown, args: Args, ctx: Ctx) => browseResources(ctx, args),
    resourceChanges: (_: unknown, args: Args, ctx: Ctx) => resourceChanges(ctx, args),
  },
  Mutation: {
    createResource: (_: unknown, { input, provider }: Args, ctx: Ctx) => createResource(ctx, input, provider),
    updateResource: (_: unknown, { id, input, expectedVersion }: Args, ctx: Ctx) =>
      updateResource(ctx, id, input, expectedVersion),
    submitResource: review('SUBMIT'),
    withdrawResource: review('WITHDRAW'),
    approveResource: review('APPROVE'),
    rejectResource: review('REJECT'),
    publishResource: review('PUBLISH'),
    retireResource: review('RETIRE'),
    shareResourceUpward: sharing('REQUEST_SHARE'),
    approveSharedResource: sharing('APPROVE_SHARE'),
    rejectSharedResource: sharing('REJECT_SHARE'),
    pushResource: (_: unknown, { id, targets, note }: Args, ctx: Ctx) => pushResource(ctx, id, targets, note),
    updatePushReceipt: (_: unknown, { id, status }: Args, ctx: Ctx) => updatePushReceipt(ctx, id, status),
    recordResourceView: (_: unknown, { id }: Args, ctx: Ctx) => recordView(ctx, id),
    recordResourceDownload: async (_: unknown, { id }: Args, ctx: Ctx) =>
      (await recordDownload(ctx, id)).resource,
    favoriteResource: (_: unknown, { id }: Args, ctx: Ctx) => setFavorite(ctx, id, true),
    unfavoriteResource: (_: unknown, { id }: Args, ctx: Ctx) => setFavorite(ctx, id, false),
  },
  /** Extensions of other subgraphs' entities: the reference is enough, tenancy is checked per field. */
  School: {
    __resolveReference: (ref: { id: string }) => ref,
    pushedResources: ({ id }: { id: string }, args: PageArgs & Args, ctx: Ctx) =>
      pushesTo(ctx, { kind: 'SCHOOL', id, includeClasses: args.includeClasses }, args),
  },
  Class: {
    __resolveReference: (ref: { id: string }) => ref,
    pushedResources: ({ id }: { id: string }, args: PageArgs & { receipt?: ReceiptStatus }, ctx: Ctx) =>
      pushesTo(ctx, { kind: 'CLASS', id }, args),
  },
  Region: {
    __resolveReference: (ref: { code: string }) => ref,
    resourceUsage: ({ code }: { code: string }, _: Args, ctx: Ctx) => regionUsage(ctx, code),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ref,
    favorites: ({ id }: { id: string }, args: PageArgs, ctx: Ctx) => favoritesOf(ctx, id, args),
  },
  ...resourceResolvers,
};
