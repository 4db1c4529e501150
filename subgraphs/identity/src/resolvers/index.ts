import {
  errors,
  isPersonalIdentifier,
  personalDataAccessLog,
  requireCaller,
  scopes,
  unmasksPersonalData,
} from '@edugraph/shared';
import type { IdentityContext } from '../context.ts';
import type { ClientDoc } from '../models/client.ts';
import type { UserDoc } from '../models/user.ts';
import { createPersonAccounts } from './accounts.ts';
import { disableClient, listClients, registerClient, rotateClientSecret } from './clients.ts';
import {
  assignRoles,
  changePassword,
  createUser,
  listUsers,
  resetPassword,
  setStatus,
  visibleUser,
} from './users.ts';
import { requireIdentityAdmin } from '../authz.ts';

type Args = Record<string, any>;
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export const resolvers = {
  Query: {
    me: async (_: unknown, __: Args, ctx: IdentityContext) => {
      const caller = requireCaller(ctx.caller);
      return caller.isService ? null : ctx.loaders.userById.load(caller.subject);
    },
    user: (_: unknown, { id }: Args, ctx: IdentityContext) => visibleUser(ctx, id),
    userByUsername: async (_: unknown, { username }: Args, ctx: IdentityContext) => {
      // Students sign in with their registry number: finding one by it would confirm a masked number.
      if (isPersonalIdentifier(String(username)) && !unmasksPersonalData(requireCaller(ctx.caller)))
        throw errors.forbidden(
          `Looking a user up by a registry or ID number (a personal identifier) needs the scope "${scopes.PERSONAL_DATA}".`,
          { requiredScopes: [scopes.PERSONAL_DATA] },
        );
      const user = (await ctx.models.users.findOne({ username }, { _id: 1 }).lean()) as {
        _id: unknown;
      } | null;
      return user ? visibleUser(ctx, String(user._id)) : (requireCaller(ctx.caller), null);
    },
    users: (_: unknown, args: Args, ctx: IdentityContext) => listUsers(ctx, args),
    clients: (_: unknown, { organization }: Args, ctx: IdentityContext) => listClients(ctx, organization),
    identityPersonalDataAccessLog: personalDataAccessLog,
  },
  Mutation: {
    createUser: (_: unknown, { input }: Args, ctx: IdentityContext) => createUser(ctx, input),
    disableUser: (_: unknown, { id }: Args, ctx: IdentityContext) => setStatus(ctx, id, 'DISABLED'),
    enableUser: (_: unknown, { id }: Args, ctx: IdentityContext) => setStatus(ctx, id, 'ACTIVE'),
    assignRoles: (_: unknown, { id, roles }: Args, ctx: IdentityContext) => assignRoles(ctx, id, roles),
    resetPassword: (_: unknown, { id }: Args, ctx: IdentityContext) => resetPassword(ctx, id),
    changePassword: (_: unknown, { currentPassword, newPassword }: Args, ctx: IdentityContext) =>
      changePassword(ctx, currentPassword, newPassword),
    createPersonAccounts: (_: unknown, { people }: Args, ctx: IdentityContext) =>
      createPersonAccounts(ctx, people),
    registerClient: (_: unknown, { input }: Args, ctx: IdentityContext) => registerClient(ctx, input),
    rotateClientSecret: (_: unknown, { clientId }: Args, ctx: IdentityContext) =>
      rotateClientSecret(ctx, clientId),
    disableClient: (_: unknown, { clientId }: Args, ctx: IdentityContext) => disableClient(ctx, clientId),
    rotateSigningKey: (_: unknown, __: Args, ctx: IdentityContext) => {
      const caller = requireIdentityAdmin(ctx.caller);
      if (caller.orgPath.length !== 1)
        throw errors.forbidden('Only a national administrator rotates signing keys.');
      return ctx.rotateSigningKey();
    },
  },
  User: {
    __resolveReference: (ref: { id: string }, ctx: IdentityContext) =>
      ctx.caller ? visibleUser(ctx, ref.id) : null,
    id: (u: UserDoc) => u._id.toString(),
    lastLoginAt: (u: UserDoc) => iso(u.lastLoginAt),
    createdAt: (u: UserDoc & { createdAt?: Date }) => iso(u.createdAt),
  },
  UserConnection: {
    totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount(),
  },
  Client: {
    createdAt: (c: ClientDoc & { createdAt?: Date }) => iso(c.createdAt),
    firstParty: (c: ClientDoc) => c.firstParty === true,
    // Clients written by an upsert (bootstrap, seed) may have no list stored for what they lack.
    redirectUris: (c: ClientDoc) => c.redirectUris ?? [],
    postLogoutRedirectUris: (c: ClientDoc) => c.postLogoutRedirectUris ?? [],
    scopes: (c: ClientDoc) => c.scopes ?? [],
    roles: (c: ClientDoc) => c.roles ?? [],
  },
};
