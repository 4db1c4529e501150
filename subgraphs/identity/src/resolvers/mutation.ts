import { errors } from '@edugraph/shared';
import { requireIdentityAdmin } from '../access.ts';
import type { IdentityContext } from '../context.ts';
import { createPersonAccounts } from './accounts.ts';
import { disableClient, registerClient, rotateClientSecret } from './clients.ts';
import { endMyOtherSessions, endMySession } from './sessions.ts';
import { assignRoles, changePassword, createUser, resetPassword, setStatus } from './users.ts';

type Ctx = IdentityContext;
interface IdArgs {
  id: string;
}
interface ClientIdArgs {
  clientId: string;
}

export const mutationResolvers = {
  Mutation: {
    createUser: (_: unknown, { input }: { input: Parameters<typeof createUser>[1] }, ctx: Ctx) =>
      createUser(ctx, input),
    disableUser: (_: unknown, { id }: IdArgs, ctx: Ctx) => setStatus(ctx, id, 'DISABLED'),
    enableUser: (_: unknown, { id }: IdArgs, ctx: Ctx) => setStatus(ctx, id, 'ACTIVE'),
    assignRoles: (_: unknown, { id, roles }: IdArgs & { roles: string[] }, ctx: Ctx) =>
      assignRoles(ctx, id, roles),
    resetPassword: (_: unknown, { id }: IdArgs, ctx: Ctx) => resetPassword(ctx, id),
    changePassword: (
      _: unknown,
      { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
      ctx: Ctx,
    ) => changePassword(ctx, currentPassword, newPassword),
    endMySession: (_: unknown, { id }: IdArgs, ctx: Ctx) => endMySession(ctx, id),
    endMyOtherSessions: (_: unknown, __: unknown, ctx: Ctx) => endMyOtherSessions(ctx),
    createPersonAccounts: (
      _: unknown,
      { people }: { people: Parameters<typeof createPersonAccounts>[1] },
      ctx: Ctx,
    ) => createPersonAccounts(ctx, people),
    registerClient: (_: unknown, { input }: { input: Parameters<typeof registerClient>[1] }, ctx: Ctx) =>
      registerClient(ctx, input),
    rotateClientSecret: (_: unknown, { clientId }: ClientIdArgs, ctx: Ctx) =>
      rotateClientSecret(ctx, clientId),
    disableClient: (_: unknown, { clientId }: ClientIdArgs, ctx: Ctx) => disableClient(ctx, clientId),
    rotateSigningKey: (_: unknown, __: unknown, ctx: Ctx) => {
      const caller = requireIdentityAdmin(ctx.caller);
      if (caller.orgPath.length !== 1)
        throw errors.forbidden('Only a national administrator rotates signing keys.');
      return ctx.rotateSigningKey();
    },
  },
};
