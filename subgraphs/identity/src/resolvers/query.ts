import {
  errors,
  isPersonalIdentifier,
  personalDataAccessLog,
  requireCaller,
  scopes,
  unmasksPersonalData,
} from '@edugraph/shared';
import type { IdentityContext } from '../context.ts';
import { userIdByUsername } from '../store/user.ts';
import { listClients } from './clients.ts';
import { mySessions } from './sessions.ts';
import { listUsers, visibleUser } from './users.ts';

type Ctx = IdentityContext;

export const queryResolvers = {
  Query: {
    me: async (_: unknown, __: unknown, ctx: Ctx) => {
      const caller = requireCaller(ctx.caller);
      return caller.isService ? null : ctx.loaders.userById.load(caller.subject);
    },
    mySessions: (_: unknown, __: unknown, ctx: Ctx) => mySessions(ctx),
    user: (_: unknown, { id }: { id: string }, ctx: Ctx) => visibleUser(ctx, id),
    userByUsername: async (_: unknown, { username }: { username: string }, ctx: Ctx) => {
      // Students sign in with their registry number: finding one by it would confirm a masked number.
      if (isPersonalIdentifier(String(username)) && !unmasksPersonalData(requireCaller(ctx.caller)))
        throw errors.forbidden(
          `Looking a user up by a registry or ID number (a personal identifier) needs the scope "${scopes.PERSONAL_DATA}".`,
          { requiredScopes: [scopes.PERSONAL_DATA] },
        );
      const id = await userIdByUsername(ctx.store, username);
      return id ? visibleUser(ctx, id) : (requireCaller(ctx.caller), null);
    },
    users: (_: unknown, args: Parameters<typeof listUsers>[1], ctx: Ctx) => listUsers(ctx, args),
    clients: (_: unknown, { organization }: { organization?: string | null }, ctx: Ctx) =>
      listClients(ctx, organization),
    identityPersonalDataAccessLog: personalDataAccessLog,
  },
};
