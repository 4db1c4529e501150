import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed with scrypt (memory-hard: N=2^15, r=8 ⇒ 32 MiB per hash), stored as
 * `scrypt$N$r$p$salt$hash` so parameters can be raised later without breaking old hashes.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
/**
 * Generated passwords (temporary, 72 random bits) cannot be guessed from a dictionary, so
 * bulk account opening hashes them with a lighter setting (4 MiB); they must be changed at
 * first sign-in, which stores a full-strength hash.
 */
const GENERATED_PARAMS = { N: 2 ** 12, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 128 * options.N! * options.r! * 2 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string, generated = false): Promise<string> {
  const params = generated ? GENERATED_PARAMS : PARAMS;
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, salt, hash] = stored.split('$');
  if (algo !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password hash nobody can match: used to spend the same time when the user does not exist. */
export const UNUSABLE_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

/**
 * Checks a password taking as long whether or not the account exists: an unknown user is
 * checked against UNUSABLE_HASH, and an account with a lighter (generated) hash also pays for
 * a full-strength one, so response times tell nothing about which accounts exist.
 */
export async function checkPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (!stored) {
    await verifyPassword(password, UNUSABLE_HASH);
    return false;
  }
  const [matches] = await Promise.all([
    verifyPassword(password, stored),
    Number(stored.split('$')[1]) < PARAMS.N ? verifyPassword(password, UNUSABLE_HASH) : undefined,
  ]);
  return matches;
}

/**
 * The password rules, told to the user as they are: at least 10 characters, with at least
 * three of lower case, upper case, digits and symbols, and not containing the username.
 * Returns the unmet rules (empty when the password is acceptable).
 */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('at least 10 characters');
  if (password.length > 128) problems.push('at most 128 characters');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3)
    problems.push('at least three of: lower-case letters, upper-case letters, digits, symbols');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  return problems;
}

/** A random password meeting the rules (temporary passwords, demo seeds excluded). */
export function generatePassword(): string {
  return `Tmp-${randomBytes(9).toString('base64url')}7a`;
}
