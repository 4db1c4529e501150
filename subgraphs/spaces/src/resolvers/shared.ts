import { errors, requireCaller, type Caller } from '@edugraph/shared';
import type { RecordId } from '../store/index.ts';
import type { SpacesContext } from '../context.ts';
import { textToHtml } from '../text.ts';

export type Ctx = SpacesContext;

export const iso = (d: Date | string | null | undefined) =>
  d ? (d instanceof Date ? d.toISOString() : new Date(d).toISOString()) : null;

export const userRef = (id: string | null | undefined) => (id ? { __typename: 'User', id } : null);
export const resourceRef = (id: string | null | undefined) => (id ? { __typename: 'Resource', id } : null);

/** Fields posts and comments resolve alike. */
export const authoredFields = {
  id: (d: { _id: RecordId }) => d._id.toString(),
  author: (d: { authorId?: string | null }) => userRef(d.authorId),
  textHtml: (d: { text: string }) => textToHtml(d.text),
  editedAt: (d: { editedAt?: Date | null }) => iso(d.editedAt),
  createdAt: (d: { createdAt: Date }) => iso(d.createdAt),
};

/** The writer's real name, from their personal space when they have one. */
export async function authorName(ctx: SpacesContext, userId: string): Promise<string | null> {
  return (await ctx.loaders.personalSpaceByOwner.load(userId))?.title ?? null;
}

export const emptyConnection = () => ({
  edges: [],
  nodes: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  totalCount: () => Promise.resolve(0),
});

/** A person signed in through a portal: services have no space of their own. */
export function requirePerson(caller: Caller | null, what: string): Caller {
  const c = requireCaller(caller);
  if (c.isService) throw errors.forbidden(`${what} needs a user's token, not a service client's.`);
  return c;
}

export function requireToken(ctx: SpacesContext): string {
  if (!ctx.token) throw errors.unauthenticated('no bearer token');
  return ctx.token;
}
