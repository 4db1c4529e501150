import { errors, requireCaller, type Caller } from '@edugraph/shared';
import type { SpacesContext } from '../context.ts';

export type Args = Record<string, any>;
export type Ctx = SpacesContext;

export const iso = (d: Date | string | null | undefined) =>
  d ? (d instanceof Date ? d.toISOString() : new Date(d).toISOString()) : null;

export const userRef = (id: string | null | undefined) => (id ? { __typename: 'User', id } : null);
export const resourceRef = (id: string | null | undefined) => (id ? { __typename: 'Resource', id } : null);

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
