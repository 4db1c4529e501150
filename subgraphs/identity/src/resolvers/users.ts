import {
  canSeeOrgPath,
  errors,
  isDuplicateKeyError,
  prefixRegex,
  requireCaller,
  requireName,
  scopeWithin,
  unmasksPersonalData,
  type Caller,
} from '@edugraph/shared';
import { checkAssignableRoles, requireIdentityAdmin, requireManagedOrganization } from '../access.ts';
import type { IdentityContext } from '../context.ts';
import { insertUser, updateUser, usersPage, type UserDoc, type UserKind } from '../store/user.ts';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from '../passwords.ts';

const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

export function requirePasswordRules(password: string, username: string, field = 'password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length)
    throw errors.badInput(`The password does not meet the rules: ${problems.join('; ')}.`, {
      field,
      problems,
    });
}

/** A user the caller may see, or null (outside the caller's subtree is the same as absent). */
export async function visibleUser(ctx: IdentityContext, id: string): Promise<UserDoc | null> {
  const caller = requireCaller(ctx.caller);
  const user = await ctx.loaders.userById.load(id);
  return user && canSeeOrgPath(caller, user.orgPath) ? user : null;
}

/** A user the caller administers: visible, and its organization inside the caller's subtree by the data center. */
async function managedUser(ctx: IdentityContext, caller: Caller, id: string): Promise<UserDoc> {
  const user = await visibleUser(ctx, id);
  if (!user) throw errors.notFound('User', id);
  await requireManagedOrganization(ctx.orgTree, caller, {
    organization: user.organization,
    storedPath: user.orgPath,
  });
  return user;
}

export async function createUser(
  ctx: IdentityContext,
  input: {
    username: string;
    displayName: string;
    kind: UserKind;
    organization: string;
    regionCode?: string | null;
    roles: string[];
    password?: string | null;
    personNumber?: string | null;
  },
): Promise<{ user: UserDoc; temporaryPassword: string | null }> {
  const caller = requireIdentityAdmin(ctx.caller);
  const username = input.username.trim();
  if (!USERNAME.test(username))
    throw errors.badInput('A username has 3–64 letters, digits or . _ @ - characters.', {
      field: 'username',
    });
  const displayName = requireName(input.displayName, 'displayName', 64);
  const { path: orgPath } = await requireManagedOrganization(ctx.orgTree, caller, input);
  checkAssignableRoles(caller, input.roles, orgPath);
  if (input.password) requirePasswordRules(input.password, username);
  const temporaryPassword = input.password ? null : generatePassword();
  try {
    const user = await insertUser(ctx.store, {
      username,
      displayName,
      kind: input.kind,
      organization: orgPath.at(-1),
      orgPath,
      roles: [...new Set(input.roles)],
      personNumber: input.personNumber?.trim() || undefined,
      passwordHash: await hashPassword(input.password ?? temporaryPassword!),
      mustChangePassword: temporaryPassword !== null,
    });
    return { user, temporaryPassword };
  } catch (err) {
    if (isDuplicateKeyError(err))
      throw errors.conflict(`A user with this username or person number already exists.`, {
        field: (err as { keyPattern?: Record<string, unknown> }).keyPattern?.personNumber
          ? 'personNumber'
          : 'username',
      });
    throw err;
  }
}

export async function listUsers(
  ctx: IdentityContext,
  args: {
    filter?: {
      organization?: string;
      kind?: string;
      role?: string;
      status?: string;
      namePrefix?: string;
    } | null;
    first?: number | null;
    after?: string | null;
  },
) {
  const caller = requireIdentityAdmin(ctx.caller);
  const f = args.filter ?? {};
  if (f.organization && !/^\d{6}$|^\d{10}$/.test(f.organization))
    throw errors.badInput('organization is a region or school code.', { field: 'filter.organization' });
  const subtree = scopeWithin(caller, f.organization) ?? null;
  const equal: Record<string, string> = {};
  if (f.kind) equal.kind = f.kind;
  if (f.role) equal.roles = f.role;
  if (f.status) equal.status = f.status;
  const prefix = prefixRegex(f.namePrefix, 'filter.namePrefix');
  // Students' usernames are registry numbers: without personal-data a digit prefix would find them
  // one character at a time, so it matches real names only.
  const searchesNumbers = /^[GJL]?\d/i.test(f.namePrefix ?? '') && !unmasksPersonalData(caller);
  const other = prefix
    ? {
        $or: searchesNumbers
          ? [{ displayName: { $regex: prefix } }]
          : [{ displayName: { $regex: prefix } }, { username: { $regex: prefix } }],
      }
    : undefined;
  return usersPage(ctx.store, args, { subtree, equal, other });
}

export async function setStatus(ctx: IdentityContext, id: string, status: 'ACTIVE' | 'DISABLED') {
  const caller = requireIdentityAdmin(ctx.caller);
  const user = await managedUser(ctx, caller, id);
  if (user._id.toString() === caller.subject && status === 'DISABLED')
    throw errors.badInput('You cannot disable your own account.', { field: 'id' });
  return updateUser(ctx.store, user._id, { status });
}

export async function assignRoles(ctx: IdentityContext, id: string, newRoles: string[]) {
  const caller = requireIdentityAdmin(ctx.caller);
  const user = await managedUser(ctx, caller, id);
  // Removing a role is also granting power over it: the caller must be able to grant both sets.
  checkAssignableRoles(caller, [...newRoles, ...user.roles], user.orgPath);
  return updateUser(ctx.store, user._id, { roles: [...new Set(newRoles)] });
}

export async function resetPassword(ctx: IdentityContext, id: string) {
  const caller = requireIdentityAdmin(ctx.caller);
  const user = await managedUser(ctx, caller, id);
  const temporaryPassword = generatePassword();
  const updated = await updateUser(ctx.store, user._id, {
    passwordHash: await hashPassword(temporaryPassword, true),
    mustChangePassword: true,
  });
  return { user: updated, temporaryPassword };
}

export async function changePassword(ctx: IdentityContext, current: string, next: string) {
  const caller = requireCaller(ctx.caller);
  const user = caller.isService ? null : await ctx.loaders.userById.load(caller.subject);
  if (!user) throw errors.forbidden('Only a signed-in user can change their password.');
  if (!(await verifyPassword(current, user.passwordHash)))
    throw errors.badInput('The current password is wrong.', { field: 'currentPassword' });
  requirePasswordRules(next, user.username, 'newPassword');
  return updateUser(ctx.store, user._id, {
    passwordHash: await hashPassword(next),
    mustChangePassword: false,
  });
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export const userResolvers = {
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
};
