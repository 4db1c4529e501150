import {
  ADMIN_ROLES,
  errors,
  hasRole,
  requireScope,
  requireWithinSubtree,
  scopes,
  type Caller,
} from '@edugraph/shared';
import {
  addMemberships,
  isSecondary,
  openOrgSpaces,
  openPersonalSpaces,
  type MemberRole,
  type MembershipSpec,
  type OrgSpaceSpec,
  type PersonalSpaceSpec,
  type SpaceDoc,
} from '../store/index.ts';
import type { DatacenterSchool } from '../peers.ts';
import { cleanName, limits } from '../text.ts';
import type { OpenSchoolArgs, PersonInput } from './args.ts';
import { requireToken, type Ctx } from './shared.ts';

const MAX_PEOPLE = 1000;
const MAX_CLASSES = 300;
/** A line of a space still to be opened (filled in once the batch is). */
const PENDING = { status: 'EXISTING', space: null, error: null } as const;

type Line = {
  key: string;
  status: 'OPENED' | 'EXISTING' | 'REJECTED';
  space: SpaceDoc | null;
  error: string | null;
};

/**
 * Where the school sits, its official name and which of the listed classes are its own, from
 * the data center (the authority on the organization tree), asked with the caller's own token
 * so its tenancy refuses a school outside the caller's subtree. `regionCode` in the input is
 * only a cross-check: a value that disagrees is refused.
 */
async function schoolFromDatacenter(
  ctx: Ctx,
  caller: Caller,
  input: OpenSchoolArgs['input'],
  classes: readonly { code: string }[],
): Promise<DatacenterSchool> {
  const code = String(input.schoolCode).trim();
  if (!/^\d{10}$/.test(code))
    throw errors.badInput(`schoolCode ${input.schoolCode}: a school code (学校标识码) has 10 digits.`, {
      field: 'schoolCode',
    });
  if (!caller.scopes.includes(scopes.DATACENTER_READ))
    throw errors.forbidden(
      `School ${code}: opening school spaces looks the school up in the data center with your token, which needs the scope "${scopes.DATACENTER_READ}".`,
      { requiredScopes: [scopes.DATACENTER_READ] },
    );
  const codes = [
    ...new Set(classes.map((c) => c.code).filter((c) => /^\d{16}$/.test(c) && c.startsWith(code))),
  ];
  const place = await ctx.datacenter.school(code, codes, requireToken(ctx));
  if (!place)
    throw errors.forbidden(
      `School ${code} is unknown to the data center or outside your organization (${caller.organization}).`,
      { field: 'schoolCode' },
    );
  const regionCode =
    input.regionCode === null || input.regionCode === undefined ? '' : String(input.regionCode).trim();
  const county = place.orgPath.at(-2);
  if (regionCode && regionCode !== county)
    throw errors.badInput(
      `regionCode ${regionCode} disagrees with the data center: school ${code} sits in ${county}. Leave regionCode out; the data center decides.`,
      { field: 'regionCode' },
    );
  // The data center's tenancy already refused schools outside the caller; this wall stays.
  requireWithinSubtree(caller, place.orgPath, 'school');
  return place;
}

/**
 * Opens a school's spaces in bulk: the school space, its class spaces and the personal spaces of
 * the people listed. The caller lists the people (user ids from identity, or staff and registry
 * numbers from the data center for people without an account yet); user ids are looked up in
 * identity's graph with the caller's own token, so an administrator can only open spaces for
 * users they can see, and names come from identity. The school and its classes come from the
 * data center. Idempotent: a second call opens nothing.
 */
export async function openSchoolSpaces(_: unknown, { input }: OpenSchoolArgs, ctx: Ctx) {
  const caller = requireScope(ctx.caller, scopes.SPACES_WRITE);
  if (!caller.isService && !hasRole(caller, ...ADMIN_ROLES))
    throw errors.forbidden(
      'Opening spaces in bulk is for administrators of the school or a region above it.',
    );
  const people = (input.people ?? []) as PersonInput[];
  const classes = (input.classes ?? []) as { code: string }[];
  if (people.length > MAX_PEOPLE) throw errors.batchTooLarge(MAX_PEOPLE, people.length);
  if (classes.length > MAX_CLASSES) throw errors.batchTooLarge(MAX_CLASSES, classes.length);
  const place = await schoolFromDatacenter(ctx, caller, input, classes);
  const { orgPath, code: schoolCode } = place;
  const lines: Line[] = [];
  const line = (key: string, r: { space: SpaceDoc; created: boolean }) =>
    lines.push({ key, status: r.created ? 'OPENED' : 'EXISTING', space: r.space, error: null });

  // The school and its valid classes are opened together (one counter write); lines keep the input's order.
  const orgSpecs: OrgSpaceSpec[] = [
    { kind: 'SCHOOL', code: schoolCode, title: place.name, orgPath, openedBy: caller.subject },
  ];
  const orgLines: number[] = [lines.push({ key: `school:${schoolCode}`, ...PENDING }) - 1];
  for (const [i, c] of classes.entries()) {
    const reject = (error: string) =>
      lines.push({
        key: `class:${c.code}`,
        status: 'REJECTED',
        space: null,
        error: `classes.${i}.code: ${error}`,
      });
    if (!/^\d{16}$/.test(c.code) || !c.code.startsWith(schoolCode)) {
      reject(`a class code is the school code ${schoolCode} + year + 2 digits (16 digits).`);
      continue;
    }
    // The class, its name and grade as the data center has them (the input's are not trusted).
    const known = place.classes.get(c.code);
    if (!known) {
      reject(`the data center has no class ${c.code} at school ${schoolCode}.`);
      continue;
    }
    orgSpecs.push({
      kind: 'CLASS',
      code: c.code,
      title: known.name,
      grade: known.grade,
      orgPath,
      openedBy: caller.subject,
    });
    orgLines.push(lines.push({ key: `class:${c.code}`, ...PENDING }) - 1);
  }
  const classSpaces = new Map<string, SpaceDoc>();
  const orgOpened = await openOrgSpaces(ctx.store.models, orgSpecs);
  orgOpened.forEach((r, i) => {
    Object.assign(lines[orgLines[i]!]!, { status: r.created ? 'OPENED' : 'EXISTING', space: r.space });
    if (orgSpecs[i]!.kind === 'CLASS') classSpaces.set(orgSpecs[i]!.code, r.space);
  });
  const school = orgOpened[0]!;

  // People may also join class spaces opened by an earlier call for this school.
  const earlier = [...new Set(people.flatMap((p) => p.classCodes ?? []))].filter((c) => !classSpaces.has(c));
  for (const s of await ctx.loaders.spaceByKey.loadMany(earlier.map((c) => `class:${c}`)))
    if (s && !(s instanceof Error) && s.schoolCode === schoolCode && s.classCode)
      classSpaces.set(s.classCode, s);

  const ids = people.map((p) => p.userId).filter((v): v is string => Boolean(v));
  const found = await ctx.identity.users(ids, requireToken(ctx));
  const users = new Map(found.filter((u) => u !== null).map((u) => [u.id, u]));
  const specs: PersonalSpaceSpec[] = [];
  const accepted: PersonInput[] = [];
  for (const [i, p] of people.entries()) {
    const key = p.userId ? `user:${p.userId}` : `person:${p.personNumber ?? i}`;
    const reject = (error: string) =>
      lines.push({ key, status: 'REJECTED', space: null, error: `people.${i}: ${error}` });
    const user = p.userId ? users.get(p.userId) : undefined;
    if (p.userId && !user) {
      reject(`user ${p.userId} is unknown or outside your organization.`);
      continue;
    }
    if (user && !user.orgPath.includes(schoolCode)) {
      reject(`user ${p.userId} belongs to ${user.organization}, not school ${schoolCode}.`);
      continue;
    }
    if (!user && (!p.personNumber || !/^[A-Z0-9]{6,24}$/.test(p.personNumber))) {
      reject('give userId, or personNumber (staff or registry number) and displayName.');
      continue;
    }
    const unknownClass = (p.classCodes ?? []).find((c) => !classSpaces.has(c));
    if (unknownClass) {
      reject(`class ${unknownClass} is not a class space of school ${schoolCode}: list it in classes.`);
      continue;
    }
    let displayName: string;
    try {
      displayName =
        user?.displayName ?? cleanName(p.displayName ?? '', `people.${i}.displayName`, limits.title);
    } catch (err) {
      reject(err instanceof Error ? err.message : String(err));
      continue;
    }
    accepted.push(p);
    specs.push({
      ownerId: user?.id ?? null,
      personNumber: user?.personNumber ?? p.personNumber ?? null,
      displayName,
      ownerKind: p.kind,
      orgPath: user?.orgPath ?? orgPath,
      secondary: isSecondary(schoolCode, p.grade),
      openedBy: caller.subject,
    });
  }

  const opened = await openPersonalSpaces(ctx.store.models, specs);
  const memberships: MembershipSpec[] = [];
  opened.forEach((r, i) => {
    const p = accepted[i]!;
    const who = {
      userId: r.space.ownerId ?? null,
      personNumber: r.space.ownerId ? null : r.space.personNumber,
      displayName: r.space.title,
    };
    line(r.space.ownerId ? `user:${r.space.ownerId}` : `person:${r.space.personNumber}`, r);
    memberships.push({ space: r.space, ...who, role: 'OWNER' });
    if (p.kind === 'TEACHER') memberships.push({ space: school.space, ...who, role: 'MEMBER' });
    const classRole: MemberRole = p.kind === 'TEACHER' ? 'MANAGER' : 'MEMBER';
    for (const code of p.classCodes ?? [])
      memberships.push({ space: classSpaces.get(code)!, ...who, role: classRole });
  });
  await addMemberships(ctx.store.models, memberships);

  const count = (s: Line['status']) => lines.filter((l) => l.status === s).length;
  return {
    opened: count('OPENED'),
    existing: count('EXISTING'),
    rejected: count('REJECTED'),
    results: lines,
  };
}
