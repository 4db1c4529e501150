import {
  canSeeOrgPath,
  errors,
  isDuplicateKeyError,
  paginate,
  prefixRegex,
  requireCaller,
  requireName,
  unmasksPersonalData,
  withinSubtree,
  type Caller,
} from '@edugraph/shared';
import { checkAssignableRoles, requireIdentityAdmin, requireManagedOrganization } from '../authz.ts';
import type { IdentityContext } from '../context.ts';
import type { UserDoc, UserKind } from '../models/user.ts';
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
    const created = await ctx.models.users.create({
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
    return { user: created.toObject() as UserDoc, temporaryPassword };
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
  const filter: Record<string, unknown> = {};
  if (f.organization) {
    if (!/^\d{6}$|^\d{10}$/.test(f.organization))
      throw errors.badInput('organization is a region or school code.', { field: 'filter.organization' });
    filter.orgPath = f.organization;
  }
  if (f.kind) filter.kind = f.kind;
  if (f.role) filter.roles = f.role;
  if (f.status) filter.status = f.status;
  const prefix = prefixRegex(f.namePrefix, 'filter.namePrefix');
  // Students' usernames are registry numbers: without personal-data a digit prefix would find them
  // one character at a time, so it matches real names only.
  const searchesNumbers = /^[GJL]?\d/i.test(f.namePrefix ?? '') && !unmasksPersonalData(caller);
  if (prefix)
    filter.$or = searchesNumbers
      ? [{ displayName: { $regex: prefix } }]
      : [{ displayName: { $regex: prefix } }, { username: { $regex: prefix } }];
  const scoped = withinSubtree(caller, filter);
  return paginate<UserDoc & Record<string, unknown>>(ctx.models.users, args, {
    filter: scoped,
    sortField: 'displayName',
  });
}

export async function setStatus(ctx: IdentityContext, id: string, status: 'ACTIVE' | 'DISABLED') {
  const caller = requireIdentityAdmin(ctx.caller);
  const user = await managedUser(ctx, caller, id);
  if (user._id.toString() === caller.subject && status === 'DISABLED')
    throw errors.badInput('You cannot disable your own account.', { field: 'id' });
  return ctx.models.users.findByIdAndUpdate(user._id, { $set: { status } }, { new: true }).lean();
}

export async function assignRoles(ctx: IdentityContext, id: string, newRoles: string[]) {
  const caller = requireIdentityAdmin(ctx.caller);
  const user = await managedUser(ctx, caller, id);
  // Removing a role is also granting power over it: the caller must be able to grant both sets.
  checkAssignableRoles(caller, [...newRoles, ...user.roles], user.orgPath);
  return ctx.models.users
    .findByIdAndUpdate(user._id, { $set: { roles: [...new Set(newRoles)] } }, { new: true })
    .lean();
}

export async function resetPassword(ctx: IdentityContext, id: string) {
  const caller = requireIdentityAdmin(ctx.caller);
  const user = await managedUser(ctx, caller, id);
  const temporaryPassword = generatePassword();
  const updated = await ctx.models.users
    .findByIdAndUpdate(
      user._id,
      {
        $set: {
          passwordHash: await hashPassword(temporaryPassword, true),
          mustChangePassword: true,
        },
      },
      { new: true },
    )
    .lean();
  return { user: updated, temporaryPassword };
}

export async function changePassword(ctx: IdentityContext, current: string, next: string) {
  const caller = requireCaller(ctx.caller);
  const user = caller.isService ? null : await ctx.loaders.userById.load(caller.subject);
  if (!user) throw errors.forbidden('Only a signed-in user can change their password.');
  if (!(await verifyPassword(current, user.passwordHash)))
    throw errors.badInput('The current password is wrong.', { field: 'currentPassword' });
  requirePasswordRules(next, user.username, 'newPassword');
  return ctx.models.users
    .findByIdAndUpdate(
      user._id,
      { $set: { passwordHash: await hashPassword(next), mustChangePassword: false } },
      { new: true },
    )
    .lean();
}
