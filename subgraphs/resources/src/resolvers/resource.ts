import type { ResourcesContext } from '../context.ts';
import type { PushDoc } from '../store/push.ts';
import type { HistoryEntry, ResourceDoc } from '../store/resource.ts';
import { canSeeResource } from '../access.ts';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const userRef = (id: string) => ({ __typename: 'User', id });

/** Fields of Resource and the types hanging off it; references go through the request's loaders. */
export const resourceResolvers = {
  Resource: {
    /** Batched through the loader; a resource the caller may not see resolves to null. */
    __resolveReference: async (ref: { id: string }, ctx: ResourcesContext) => {
      if (!ctx.caller) return null;
      const doc = await ctx.loaders.resourceById.load(ref.id);
      return doc && canSeeResource(ctx.caller, doc) ? doc : null;
    },
    id: (r: ResourceDoc) => r._id.toHexString(),
    description: (r: ResourceDoc) => r.description ?? '',
    language: (r: ResourceDoc) => r.language ?? 'zh-CN',
    provider: (r: ResourceDoc, _: unknown, ctx: ResourcesContext) =>
      ctx.loaders.providerById.load(r.providerId.toHexString()),
    sharing: (r: ResourceDoc) => ({ state: r.sharing?.state ?? 'NONE', target: r.sharing?.target ?? null }),
    /** Lists leave history out (LIST_PROJECTION); loaded then, one query per batch. */
    history: async (r: ResourceDoc, _: unknown, ctx: ResourcesContext) =>
      r.history ?? (await ctx.loaders.historyById.load(r._id.toHexString()))?.history ?? [],
    usage: (r: ResourceDoc) => ({
      views: r.usage?.views ?? 0,
      downloads: r.usage?.downloads ?? 0,
      favorites: r.usage?.favorites ?? 0,
      pushes: r.usage?.pushes ?? 0,
    }),
    favoriteCount: (r: ResourceDoc) => r.usage?.favorites ?? 0,
    viewerHasFavorited: async (r: ResourceDoc, _: unknown, ctx: ResourcesContext) =>
      Boolean(await ctx.loaders.favoritedByCaller.load(r._id.toHexString())),
    pushes: (r: ResourceDoc, _: unknown, ctx: ResourcesContext) =>
      ctx.loaders.pushesByResource.load(r._id.toHexString()),
    publishedAt: (r: ResourceDoc) => iso(r.publishedAt),
    createdAt: (r: ResourceDoc) => iso(r.createdAt),
    updatedAt: (r: ResourceDoc) => iso(r.updatedAt),
  },
  ResourceProvider: {
    id: (p: { _id: { toHexString(): string } }) => p._id.toHexString(),
    user: (p: { userId?: string | null }) => (p.userId ? userRef(p.userId) : null),
  },
  ResourceTransition: {
    actor: (h: HistoryEntry) => userRef(h.actorId),
    at: (h: HistoryEntry) => iso(h.at),
  },
  PushedResource: {
    id: (p: PushDoc) => p._id.toHexString(),
    resource: async (p: PushDoc, _: unknown, ctx: ResourcesContext) => {
      const doc = await ctx.loaders.resourceById.load(p.resourceId.toHexString());
      return doc && canSeeResource(ctx.caller, doc) ? doc : null;
    },
    pushedBy: (p: PushDoc) => userRef(p.pushedBy),
    pushedAt: (p: PushDoc) => iso(p.pushedAt),
    seenAt: (p: PushDoc) => iso(p.seenAt),
    usedAt: (p: PushDoc) => iso(p.usedAt),
  },
  ResourceConnection: {
    totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount(),
    facets: (c: { facets: () => Promise<unknown> }) => c.facets(),
  },
  PushedResourceConnection: {
    totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount(),
  },
};
