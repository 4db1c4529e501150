import type { Models } from './context.ts';
import { memberKeyOfPerson, memberKeyOfUser } from './context.ts';
import { defaultVisibility } from './access.ts';
import type { MemberRole, OwnerKind, SpaceDoc, SpaceKind } from './models/space.ts';

/**
 * Opening spaces, idempotently: every space has a natural key, so opening twice finds the
 * first one. A personal space opened from the rosters (by staff or registry number) is claimed
 * by its owner's user id at first use instead of being opened a second time.
 */
export interface PersonalSpaceSpec {
  ownerId?: string | null;
  personNumber?: string | null;
  displayName: string;
  ownerKind: OwnerKind;
  orgPath: readonly string[];
  secondary: boolean;
  openedBy: string;
}

/** Junior (31), senior/complete (34), other (33) secondary and vocational (36) school types. */
const SECONDARY_SCHOOL_TYPES = new Set(['31', '33', '34', '36']);

export function isSecondary(schoolCode: string | null | undefined, grade?: number | null): boolean {
  if (grade !== null && grade !== undefined) return grade >= 7;
  return Boolean(schoolCode && SECONDARY_SCHOOL_TYPES.has(schoolCode.slice(0, 2)));
}

export const schoolOf = (orgPath: readonly string[]) => {
  const last = orgPath.at(-1);
  return last && /^\d{10}$/.test(last) ? last : null;
};

const isDuplicate = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err && (err.code === 11000 || err.code === 1);

export async function findPersonalSpaces(
  models: Models,
  owners: { ownerId?: string | null; personNumber?: string | null }[],
): Promise<SpaceDoc[]> {
  const ids = owners.map((o) => o.ownerId).filter((v): v is string => Boolean(v));
  const numbers = owners.map((o) => o.personNumber).filter((v): v is string => Boolean(v));
  if (ids.length === 0 && numbers.length === 0) return [];
  return (await models.spaces
    .find({ kind: 'PERSONAL', $or: [{ ownerId: { $in: ids } }, { personNumber: { $in: numbers } }] })
    .lean()) as SpaceDoc[];
}

/** Gives a roster-opened space its owner, and the owner's roster memberships their user id. */
async function claim(models: Models, space: SpaceDoc, ownerId: string): Promise<SpaceDoc> {
  await models.spaces.updateOne({ _id: space._id, ownerId: { $exists: false } }, { $set: { ownerId } });
  if (space.personNumber) {
    const pending = await models.memberships
      .find({ memberKey: memberKeyOfPerson(space.personNumber) })
      .lean();
    for (const m of pending) {
      try {
        await models.memberships.updateOne(
          { _id: m._id },
          { $set: { memberKey: memberKeyOfUser(ownerId), userId: ownerId } },
        );
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        await models.memberships.deleteOne({ _id: m._id });
      }
    }
    const authored = { authorPersonNumber: space.personNumber, authorId: null };
    await models.posts.updateMany(authored, { $set: { authorId: ownerId } });
    await models.comments.updateMany(authored, { $set: { authorId: ownerId } });
  }
  return { ...space, ownerId };
}

/** Opens (or finds, or claims) personal spaces; returns each with whether it was created. */
export async function openPersonalSpaces(
  models: Models,
  specs: PersonalSpaceSpec[],
): Promise<{ space: SpaceDoc; created: boolean }[]> {
  const existing = await findPersonalSpaces(models, specs);
  const byOwner = new Map(existing.filter((s) => s.ownerId).map((s) => [s.ownerId!, s]));
  const byNumber = new Map(existing.filter((s) => s.personNumber).map((s) => [s.personNumber!, s]));
  const out: { space: SpaceDoc; created: boolean }[] = [];
  for (const spec of specs) {
    let found =
      (spec.ownerId && byOwner.get(spec.ownerId)) || (spec.personNumber && byNumber.get(spec.personNumber));
    if (found && spec.ownerId && !found.ownerId) found = await claim(models, found, spec.ownerId);
    if (found) {
      out.push({ space: found, created: false });
      continue;
    }
    const doc = {
      kind: 'PERSONAL' as const,
      key: spec.ownerId ? `user:${spec.ownerId}` : `person:${spec.personNumber}`,
      title: spec.displayName,
      visibility: defaultVisibility('PERSONAL', spec.ownerKind),
      orgPath: [...spec.orgPath],
      schoolCode: schoolOf(spec.orgPath),
      ownerKind: spec.ownerKind,
      secondary: spec.ownerKind === 'STUDENT' && spec.secondary,
      openedBy: spec.openedBy,
      ...(spec.ownerId ? { ownerId: spec.ownerId } : {}),
      ...(spec.personNumber ? { personNumber: spec.personNumber } : {}),
    };
    try {
      const created = (await models.spaces.create(doc)).toObject() as SpaceDoc;
      if (created.ownerId) byOwner.set(created.ownerId, created);
      if (created.personNumber) byNumber.set(created.personNumber, created);
      out.push({ space: created, created: true });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      // Opened concurrently by another request: use that one.
      const [again] = await findPersonalSpaces(models, [spec]);
      if (!again) throw err;
      out.push({ space: again, created: false });
    }
  }
  return out;
}

export interface OrgSpaceSpec {
  kind: Extract<SpaceKind, 'CLASS' | 'SCHOOL'>;
  code: string;
  title: string;
  orgPath: readonly string[];
  grade?: number | null;
  openedBy: string;
}

export async function openOrgSpace(
  models: Models,
  spec: OrgSpaceSpec,
): Promise<{ space: SpaceDoc; created: boolean }> {
  const key = `${spec.kind === 'CLASS' ? 'class' : 'school'}:${spec.code}`;
  const result = await models.spaces.updateOne(
    { key },
    {
      $setOnInsert: {
        kind: spec.kind,
        key,
        title: spec.title,
        description: '',
        visibility: defaultVisibility(spec.kind, null),
        orgPath: [...spec.orgPath],
        schoolCode: schoolOf(spec.orgPath),
        classCode: spec.kind === 'CLASS' ? spec.code : null,
        grade: spec.grade ?? null,
        openedBy: spec.openedBy,
      },
    },
    { upsert: true },
  );
  const space = (await models.spaces.findOne({ key }).lean()) as SpaceDoc;
  return { space, created: result.upsertedCount > 0 };
}

export interface MembershipSpec {
  space: Pick<SpaceDoc, '_id' | 'kind'>;
  userId?: string | null;
  personNumber?: string | null;
  displayName?: string | null;
  role: MemberRole;
}

/** Adds members in one round trip; an existing member keeps their entry, and a role is only raised. */
export async function addMemberships(models: Models, specs: MembershipSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const ops = specs.map((m) => {
    const memberKey = m.userId ? memberKeyOfUser(m.userId) : memberKeyOfPerson(m.personNumber!);
    const insert = {
      spaceId: m.space._id.toString(),
      memberKey,
      userId: m.userId ?? null,
      personNumber: m.personNumber ?? null,
      displayName: m.displayName ?? null,
      spaceKind: m.space.kind,
    };
    const raise = m.role !== 'MEMBER';
    return {
      updateOne: {
        filter: { spaceId: insert.spaceId, memberKey },
        update: raise
          ? { $setOnInsert: insert, $set: { role: m.role } }
          : { $setOnInsert: { ...insert, role: m.role } },
        upsert: true,
      },
    };
  });
  await models.memberships.bulkWrite(ops, { ordered: false });
}
