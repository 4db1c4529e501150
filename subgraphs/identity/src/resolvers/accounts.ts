import { errors, nameProblem } from '@edugraph/shared';
import type { GraphQLError } from 'graphql';
import { requireIdentityAdmin, requireManagedOrganization } from '../access.ts';
import type { IdentityContext } from '../context.ts';
import { generatePassword, hashPassword } from '../passwords.ts';
import { insertUser, userIdsByPersonNumber } from '../store/user.ts';

const MAX_PEOPLE = 1000;

interface PersonInput {
  kind: 'TEACHER' | 'STUDENT';
  personNumber: string;
  displayName: string;
  organization: string;
  regionCode?: string | null;
}

interface PersonResult {
  index: number;
  personNumber: string;
  status: 'CREATED' | 'EXISTING' | 'REJECTED';
  userId: string | null;
  temporaryPassword: string | null;
  error: string | null;
}

/**
 * Opens accounts for the data center's teachers and students, keyed on their staff or
 * registry number (also the username). Existing accounts are reported, not changed; a bad
 * entry is rejected with its reason and the others still go through.
 */
export async function createPersonAccounts(ctx: IdentityContext, people: PersonInput[]) {
  const caller = requireIdentityAdmin(ctx.caller);
  if (people.length > MAX_PEOPLE) throw errors.batchTooLarge(MAX_PEOPLE, people.length);
  const numbers = people.map((p) => p.personNumber.trim());
  const existing = await userIdsByPersonNumber(ctx.store, numbers);
  // One organization-tree lookup per distinct organization of the batch.
  const lookups = new Map<string, ReturnType<typeof requireManagedOrganization>>();
  const managed = (person: PersonInput) => {
    const key = `${person.organization}|${person.regionCode ?? ''}`;
    let lookup = lookups.get(key);
    if (!lookup) {
      lookup = requireManagedOrganization(ctx.orgTree, caller, person);
      lookup.catch(() => undefined);
      lookups.set(key, lookup);
    }
    return lookup;
  };
  const results: PersonResult[] = [];
  const toInsert: { index: number; doc: Record<string, unknown>; password: string }[] = [];
  const seen = new Set<string>();
  for (const [index, person] of people.entries()) {
    const personNumber = numbers[index]!;
    const reject = (error: string) =>
      results.push({ index, personNumber, status: 'REJECTED', userId: null, temporaryPassword: null, error });
    if (person.kind !== 'TEACHER' && person.kind !== 'STUDENT') {
      reject('kind: accounts are opened in bulk for teachers and students only');
      continue;
    }
    if (!/^[A-Za-z0-9]{6,32}$/.test(personNumber)) {
      reject('personNumber: a registry or staff number has 6–32 letters or digits');
      continue;
    }
    if (seen.has(personNumber)) {
      reject('personNumber: listed twice in this batch');
      continue;
    }
    seen.add(personNumber);
    const existingId = existing.get(personNumber);
    if (existingId) {
      results.push({
        index,
        personNumber,
        status: 'EXISTING',
        userId: existingId,
        temporaryPassword: null,
        error: null,
      });
      continue;
    }
    let orgPath: string[];
    try {
      orgPath = (await managed(person)).path;
    } catch (err) {
      // Only refusals of this entry; the data center being down fails the whole call.
      if ((err as GraphQLError).extensions?.code === 'SERVICE_UNAVAILABLE') throw err;
      reject((err as Error).message);
      continue;
    }
    const displayName = person.displayName.trim();
    if (!displayName) {
      reject('displayName: the real name is required');
      continue;
    }
    const problem = nameProblem(displayName);
    if (problem) {
      reject(`displayName ${problem}`);
      continue;
    }
    const password = generatePassword();
    toInsert.push({
      index,
      password,
      doc: {
        username: personNumber,
        displayName,
        kind: person.kind,
        organization: orgPath.at(-1),
        orgPath,
        roles: [person.kind],
        personNumber,
        mustChangePassword: true,
        passwordHash: await hashPassword(password, true),
      },
    });
  }
  for (const item of toInsert) {
    try {
      const created = await insertUser(ctx.store, item.doc);
      results.push({
        index: item.index,
        personNumber: String(item.doc.personNumber),
        status: 'CREATED',
        userId: created._id.toString(),
        temporaryPassword: item.password,
        error: null,
      });
    } catch (err) {
      // A concurrent call created it first, or the username is taken by another account.
      const again = (await userIdsByPersonNumber(ctx.store, [String(item.doc.personNumber)])).get(
        String(item.doc.personNumber),
      );
      results.push({
        index: item.index,
        personNumber: String(item.doc.personNumber),
        status: again ? 'EXISTING' : 'REJECTED',
        userId: again ?? null,
        temporaryPassword: null,
        error: again ? null : `username ${String(item.doc.username)} is taken (${(err as Error).message})`,
      });
    }
  }
  results.sort((a, b) => a.index - b.index);
  const count = (s: PersonResult['status']) => results.filter((r) => r.status === s).length;
  return { created: count('CREATED'), existing: count('EXISTING'), rejected: count('REJECTED'), results };
}
