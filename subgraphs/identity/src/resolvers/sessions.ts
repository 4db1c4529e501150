import { errors, requireCaller, type Caller } from '@edugraph/shared';
import type { IdentityContext } from '../context.ts';
import { findClient } from '../store/client.ts';
import { endSignInSession, signInSessionsOf, type SignInSessionRecord } from '../store/signInSessions.ts';

/**
 * The signed-in user's own sign-in sessions. Only ever the caller's: the account is the token's
 * subject, never an argument, so no one sees or ends another's sessions.
 */
function signedInUser(ctx: IdentityContext): Caller {
  const caller = requireCaller(ctx.caller);
  if (caller.isService) throw errors.forbidden('Only a signed-in user has sign-in sessions.');
  return caller;
}

const isCurrent = (s: SignInSessionRecord, caller: Caller) =>
  !!caller.grantId && Object.values(s.grants).includes(caller.grantId);

async function present(ctx: IdentityContext, s: SignInSessionRecord, caller: Caller) {
  const clients = await Promise.all(
    Object.keys(s.grants).map(async (clientId) => ({
      clientId,
      name: (await findClient(ctx.store, clientId))?.name ?? null,
    })),
  );
  return {
    id: s.uid,
    signedInAt: s.signedInAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    expiresAt: s.expiresAt?.toISOString() ?? null,
    clients,
    current: isCurrent(s, caller),
  };
}

export async function mySessions(ctx: IdentityContext) {
  const caller = signedInUser(ctx);
  const sessions = await signInSessionsOf(ctx.store, caller.subject);
  return Promise.all(sessions.map((s) => present(ctx, s, caller)));
}

export async function endMySession(ctx: IdentityContext, id: string): Promise<boolean> {
  const caller = signedInUser(ctx);
  if (!(await endSignInSession(ctx.store, caller.subject, String(id))))
    throw errors.notFound('SignInSession', String(id));
  return true;
}

export async function endMyOtherSessions(ctx: IdentityContext): Promise<number> {
  const caller = signedInUser(ctx);
  const others = (await signInSessionsOf(ctx.store, caller.subject)).filter((s) => !isCurrent(s, caller));
  for (const s of others) await endSignInSession(ctx.store, caller.subject, s.uid);
  return others.length;
}
