import { roles, scopes, type Role } from '@edugraph/shared';
import type { IdentityStore } from './store/index.ts';
import { findUserByUsername, recordSignIn, type UserDoc } from './store/user.ts';
import { Lockout, lockoutKey, type LockoutPolicy } from './lockout.ts';
import { checkPassword } from './passwords.ts';

export type SignInResult =
  | { ok: true; user: UserDoc }
  | { ok: false; reason: 'WRONG_CREDENTIALS' }
  | { ok: false; reason: 'LOCKED'; until: Date }
  | { ok: false; reason: 'DISABLED' };

export { lockSeconds, type LockoutPolicy } from './lockout.ts';

/** Signing in or changing the password starts a new count of failures (see lockout.ts). */
function epochOf(user: UserDoc | null): string {
  if (!user) return 'none';
  return `${user.lastLoginAt ? new Date(user.lastLoginAt).getTime() : 0}.${user.passwordHash.slice(-8)}`;
}

/**
 * Checks a username and password. An unknown user, a wrong password and a locked username
 * answer alike for known and unknown names (and take as long); failures are counted per
 * username so that concurrent attempts all count, and lock it with a capped back-off; a success
 * starts a new count.
 */
export async function signIn(
  store: IdentityStore,
  username: string,
  password: string,
  policy: LockoutPolicy,
): Promise<SignInResult> {
  const name = username.trim();
  const lockout = new Lockout(store, policy);
  const user = await findUserByUsername(store, name);
  const key = lockoutKey(name, epochOf(user));
  const locked = await lockout.lockedUntil(key);
  if (locked) return { ok: false, reason: 'LOCKED', until: locked };
  if (!(await checkPassword(password, user?.passwordHash))) {
    const until = await lockout.recordFailure(key);
    return until ? { ok: false, reason: 'LOCKED', until } : { ok: false, reason: 'WRONG_CREDENTIALS' };
  }
  // Failures that arrived while the password was being checked may have locked the account.
  const lockedMeanwhile = await lockout.lockedUntil(key);
  if (lockedMeanwhile) return { ok: false, reason: 'LOCKED', until: lockedMeanwhile };
  if (user!.status !== 'ACTIVE') return { ok: false, reason: 'DISABLED' };
  await recordSignIn(store, user!._id);
  return { ok: true, user: user! };
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
