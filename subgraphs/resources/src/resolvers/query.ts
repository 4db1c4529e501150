import type { ResourcesContext } from '../context.ts';
import { resourceChanges, type FeedArgs } from '../feed.ts';
import { visibleResource } from '../resourceWrites.ts';
import { browseResources, type BrowseArgs } from '../search/browse.ts';

export const queryResolvers = {
  Query: {
    resource: (_: unknown, { id }: { id: string }, ctx: ResourcesContext) => visibleResource(ctx, id),
    resources: (_: unknown, args: BrowseArgs, ctx: ResourcesContext) => browseResources(ctx, args),
    resourceChanges: (_: unknown, args: FeedArgs, ctx: ResourcesContext) => resourceChanges(ctx, args),
  },
};
