import { roles, scopes, type Role } from '@edugraph/shared';
import type { UserDoc, UserModel } from './models/user.ts';
import { UNUSABLE_HASH, verifyPassword } from './passwords.ts';

export type SignInResult =
  | { ok: true; user: UserDoc }
  | { ok: false; reason: 'WRONG_CREDENTIALS' }
  | { ok: false; reason: 'LOCKED'; until: Date }
  | { ok: false; reason: 'DISABLED' };

export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
}

/** Lock length after `failures` consecutive failures: none below the threshold, then doubling, at most a day. */
export function lockSeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.baseSeconds * 2 ** (failures - policy.threshold), 86_400);
}

/**
 * Checks a username and password. A wrong password and an unknown user answer alike (and take
 * as long); repeated failures lock the account with back-off; success resets the count.
 */
export async function signIn(
  users: UserModel,
  username: string,
  password: string,
  policy: LockoutPolicy,
): Promise<SignInResult> {
  const user = (await users.findOne({ username: username.trim() }).lean()) as UserDoc | null;
  if (!user) {
    await verifyPassword(password, UNUSABLE_HASH);
    return { ok: false, reason: 'WRONG_CREDENTIALS' };
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now())
    return { ok: false, reason: 'LOCKED', until: user.lockedUntil };
  const matches = await verifyPassword(password, user.passwordHash);
  if (!matches) {
    const failures = (user.failedLogins ?? 0) + 1;
    const lock = lockSeconds(failures, policy);
    const lockedUntil = lock ? new Date(Date.now() + lock * 1000) : null;
    await users.updateOne({ _id: user._id }, { $set: { failedLogins: failures, lockedUntil } });
    return lockedUntil
      ? { ok: false, reason: 'LOCKED', until: lockedUntil }
      : { ok: false, reason: 'WRONG_CREDENTIALS' };
  }
  if (user.status !== 'ACTIVE') return { ok: false, reason: 'DISABLED' };
  await users.updateOne(
    { _id: user._id },
    { $set: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } },
  );
  return { ok: true, user };
}

const READ = [scopes.DATACENTER_READ, scopes.RESOURCES_READ, scopes.SPACES_READ, scopes.SPACES_WRITE];
const ADMIN = [
  ...READ,
  scopes.DATACENTER_WRITE,
  scopes.PERSONAL_DATA,
  scopes.IDENTITY_ADMIN,
  scopes.RESOURCES_WRITE,
];

/** The API scopes a user's roles allow; a portal's token carries those it asked for among them. */
export function scopesForRoles(userRoles: readonly string[]): string[] {
  const granted = new Set<string>(READ);
  const add = (list: readonly string[]) => list.forEach((s) => granted.add(s));
  for (const role of userRoles as Role[]) {
    if (role === roles.TEACHER) add([scopes.RESOURCES_WRITE]);
    if (role === roles.RESOURCE_REVIEWER) add([scopes.RESOURCES_WRITE, scopes.RESOURCES_REVIEW]);
    if (
      role === roles.NATIONAL_ADMIN ||
      role === roles.PROVINCIAL_ADMIN ||
      role === roles.CITY_ADMIN ||
      role === roles.COUNTY_ADMIN ||
      role === roles.SCHOOL_ADMIN
    )
      add(ADMIN);
  }
  return [...granted];
}
