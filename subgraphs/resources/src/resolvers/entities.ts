import type { PageArgs } from '@edugraph/shared';
import type { ResourcesContext } from '../context.ts';
import { pushesTo } from '../push/push.ts';
import type { ReceiptStatus } from '../store/push.ts';
import { favoritesOf, regionUsage } from '../usage.ts';

type Ctx = ResourcesContext;
type PushedArgs = PageArgs & { receipt?: ReceiptStatus | null };

/** Extensions of other subgraphs' entities: the reference is enough, tenancy is checked per field. */
export const entityResolvers = {
  School: {
    __resolveReference: (ref: { id: string }) => ref,
    pushedResources: (
      { id }: { id: string },
      args: PushedArgs & { includeClasses?: boolean | null },
      ctx: Ctx,
    ) => pushesTo(ctx, { kind: 'SCHOOL', id, includeClasses: args.includeClasses }, args),
  },
  Class: {
    __resolveReference: (ref: { id: string }) => ref,
    pushedResources: ({ id }: { id: string }, args: PushedArgs, ctx: Ctx) =>
      pushesTo(ctx, { kind: 'CLASS', id }, args),
  },
  Region: {
    __resolveReference: (ref: { code: string }) => ref,
    resourceUsage: ({ code }: { code: string }, _: unknown, ctx: Ctx) => regionUsage(ctx, code),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ref,
    favorites: ({ id }: { id: string }, args: PageArgs, ctx: Ctx) => favoritesOf(ctx, id, args),
  },
};
