import { isDuplicateKeyError } from '@edugraph/shared';
import { Types } from 'mongoose';
import { defaultVisibility } from '../access.ts';
import { writeCounted } from './counters.ts';
import { tenancyFields } from './indexFields.ts';
import { keyedCreate, type CreateRequest } from './keyed.ts';
import { memberKeyOfPerson, memberKeyOfUser } from './memberships.ts';
import type { Models } from './models/index.ts';
import type {
  MemberRole,
  MembershipDoc,
  OwnerKind,
  SpaceDoc,
  SpaceKind,
  Visibility,
} from './models/space.ts';

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

export async function findPersonalSpaces(
  models: Models,
  owners: { ownerId?: string | null; personNumber?: string | null }[],
): Promise<SpaceDoc[]> {
  const ids = owners.map((o) => o.ownerId).filter((v): v is string => Boolean(v));
  const numbers = owners.map((o) => o.personNumber).filter((v): v is string => Boolean(v));
  // Two queries, each on its unique index (an `$or` is served by no index on the embedded database).
  const [byOwner, byNumber] = await Promise.all([
    ids.length ? models.spaces.find({ ownerId: { $in: ids }, kind: 'PERSONAL' }).lean() : [],
    numbers.length ? models.spaces.find({ personNumber: { $in: numbers }, kind: 'PERSONAL' }).lean() : [],
  ]);
  const seen = new Set<string>();
  return ([...byOwner, ...byNumber] as SpaceDoc[]).filter((s) => {
    const id = s._id.toString();
    return !seen.has(id) && Boolean(seen.add(id));
  });
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
        if (!isDuplicateKeyError(err)) throw err;
        await models.memberships.deleteOne({ _id: m._id });
      }
    }
    const authored = { authorPersonNumber: space.personNumber, authorId: null };
    await models.posts.updateMany(authored, { $set: { authorId: ownerId } });
    await models.comments.updateMany(authored, { $set: { authorId: ownerId } });
  }
  return { ...space, ownerId };
}

function personalSpaceDoc(spec: PersonalSpaceSpec) {
  return {
    _id: new Types.ObjectId(),
    kind: 'PERSONAL' as const,
    key: spec.ownerId ? `user:${spec.ownerId}` : `person:${spec.personNumber}`,
    title: spec.displayName,
    visibility: defaultVisibility('PERSONAL', spec.ownerKind),
    orgPath: [...spec.orgPath],
    ...tenancyFields(spec.orgPath),
    ownerKind: spec.ownerKind,
    secondary: spec.ownerKind === 'STUDENT' && spec.secondary,
    openedBy: spec.openedBy,
    ...(spec.ownerId ? { ownerId: spec.ownerId } : {}),
    ...(spec.personNumber ? { personNumber: spec.personNumber } : {}),
  };
}

/** Inserts in one batch; rows already there (opened concurrently by another request) are skipped. */
async function insertNew(model: Models['spaces'] | Models['memberships'], docs: object[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await (model as Models['spaces']).insertMany(docs, { ordered: false });
  } catch (err) {
    const failures = (err as { writeErrors?: unknown[] }).writeErrors ?? [err];
    if (!failures.every(isDuplicateKeyError)) throw err;
  }
}

/**
 * Inserts new personal spaces and counts those that were inserted here (the ids generated here
 * that are found; a concurrent opener's row has another id); returns the spaces now stored.
 */
function insertCounted(
  models: Models,
  docs: ReturnType<typeof personalSpaceDoc>[],
  ids: ReadonlySet<string>,
): Promise<SpaceDoc[]> {
  return writeCounted(models, 'spaces', async () => {
    await insertNew(models.spaces, docs);
    const stored = await findPersonalSpaces(models, docs);
    const inserted = stored.filter((s) => ids.has(s._id.toString()));
    return { result: stored, changes: inserted.map((after) => ({ after })) };
  });
}

/**
 * Opens (or finds, or claims) personal spaces; returns each with whether it was created. One
 * query finds the spaces already open and one batch inserts the rest (FerretDB answers an
 * insert at once but scans the collection for every update).
 */
export async function openPersonalSpaces(
  models: Models,
  specs: PersonalSpaceSpec[],
): Promise<{ space: SpaceDoc; created: boolean }[]> {
  const byOwner = new Map<string, SpaceDoc>();
  const byNumber = new Map<string, SpaceDoc>();
  const remember = (spaces: SpaceDoc[]) => {
    for (const s of spaces) {
      if (s.ownerId) byOwner.set(s.ownerId, s);
      if (s.personNumber) byNumber.set(s.personNumber, s);
    }
  };
  const lookup = (spec: PersonalSpaceSpec) =>
    (spec.ownerId && byOwner.get(spec.ownerId)) ||
    (spec.personNumber && byNumber.get(spec.personNumber)) ||
    null;
  remember(await findPersonalSpaces(models, specs));

  const fresh = new Map<string, ReturnType<typeof personalSpaceDoc>>();
  for (const spec of specs) {
    const found = lookup(spec);
    if (found && spec.ownerId && !found.ownerId) remember([await claim(models, found, spec.ownerId)]);
    else if (!found) {
      const doc = personalSpaceDoc(spec);
      if (!fresh.has(doc.key)) fresh.set(doc.key, doc);
    }
  }
  const createdIds = new Set([...fresh.values()].map((d) => d._id.toString()));
  if (fresh.size) remember(await insertCounted(models, [...fresh.values()], createdIds));

  return specs.map((spec) => {
    const space = lookup(spec);
    if (!space)
      throw new Error(`personal space of ${spec.ownerId ?? spec.personNumber} neither found nor opened`);
    // A person listed twice is opened once.
    const created = createdIds.delete(space._id.toString());
    return { space, created };
  });
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
  const [opened] = await openOrgSpaces(models, [spec]);
  return opened!;
}

const orgSpaceKey = (spec: OrgSpaceSpec) => `${spec.kind === 'CLASS' ? 'class' : 'school'}:${spec.code}`;

const findByKeys = async (models: Models, keys: readonly string[]) =>
  new Map(
    ((await models.spaces.find({ key: { $in: [...keys] } }).lean()) as SpaceDoc[]).map((s) => [s.key, s]),
  );

/**
 * Opens (or finds) school and class spaces; returns each with whether this call created it (a
 * space listed twice is created once). One read finds those open already (a repeated bulk
 * opening takes no lock); the rest are upserted in one batch and counted together, so a school
 * with its classes costs the counters one lock and one write, not one per space.
 */
export async function openOrgSpaces(
  models: Models,
  specs: readonly OrgSpaceSpec[],
): Promise<{ space: SpaceDoc; created: boolean }[]> {
  const keys = specs.map(orgSpaceKey);
  const stored = await findByKeys(models, keys);
  const missing = new Map<string, OrgSpaceSpec>();
  specs.forEach((spec, i) => {
    if (!stored.has(keys[i]!) && !missing.has(keys[i]!)) missing.set(keys[i]!, spec);
  });
  const created = new Set<string>();
  if (missing.size > 0)
    await writeCounted(models, 'spaces', async () => {
      const ops = [...missing].map(([key, spec]) => upsertOrgSpace(key, spec));
      const result = await models.spaces.bulkWrite(ops, { ordered: false });
      const upserted = Object.keys(result.upsertedIds).map((i) => ops[Number(i)]!.updateOne.filter.key);
      for (const [key, space] of await findByKeys(models, [...missing.keys()])) stored.set(key, space);
      for (const key of upserted) created.add(key);
      return { result: undefined, changes: upserted.map((key) => ({ after: stored.get(key)! })) };
    });
  return keys.map((key) => ({ space: stored.get(key)!, created: created.delete(key) }));
}

function upsertOrgSpace(key: string, spec: OrgSpaceSpec) {
  return {
    updateOne: {
      filter: { key },
      update: {
        $setOnInsert: {
          kind: spec.kind,
          key,
          title: spec.title,
          description: '',
          visibility: defaultVisibility(spec.kind, null),
          orgPath: [...spec.orgPath],
          ...tenancyFields(spec.orgPath),
          classCode: spec.kind === 'CLASS' ? spec.code : null,
          grade: spec.grade ?? null,
          openedBy: spec.openedBy,
        },
      },
      upsert: true,
    },
  };
}

export interface MembershipSpec {
  space: Pick<SpaceDoc, '_id' | 'kind'>;
  userId?: string | null;
  personNumber?: string | null;
  displayName?: string | null;
  role: MemberRole;
}

const rank: Record<MemberRole, number> = { MEMBER: 0, MANAGER: 1, OWNER: 2 };

/**
 * Adds members: an existing member keeps their entry, and a role is only raised. One query
 * finds who is already there, one batch inserts the rest, and one update per raised role
 * follows (a batch of upserts of existing members stalled FerretDB: 100 took over 15 s).
 */
export async function addMemberships(models: Models, specs: MembershipSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const wanted = new Map<string, MembershipDoc>();
  for (const m of specs) {
    const row = {
      spaceId: m.space._id.toString(),
      memberKey: m.userId ? memberKeyOfUser(m.userId) : memberKeyOfPerson(m.personNumber!),
      userId: m.userId ?? null,
      personNumber: m.personNumber ?? null,
      displayName: m.displayName ?? null,
      spaceKind: m.space.kind,
      role: m.role,
    } as MembershipDoc;
    const key = `${row.spaceId} ${row.memberKey}`;
    const before = wanted.get(key);
    if (!before || rank[m.role] > rank[before.role as MemberRole]) wanted.set(key, row);
  }
  const rows = [...wanted.values()];
  const present = (await models.memberships
    .find({ memberKey: { $in: [...new Set(rows.map((r) => r.memberKey))] } })
    .lean()) as MembershipDoc[];
  const have = new Map(present.map((m) => [`${m.spaceId} ${m.memberKey}`, m]));
  const raise = new Map<MemberRole, Types.ObjectId[]>();
  for (const [key, row] of wanted) {
    const m = have.get(key);
    if (m && rank[row.role as MemberRole] > rank[m.role as MemberRole])
      raise.set(row.role as MemberRole, [...(raise.get(row.role as MemberRole) ?? []), m._id]);
  }
  const added = rows.filter((r) => !have.has(`${r.spaceId} ${r.memberKey}`));
  await insertNew(models.memberships, added);
  for (const [role, ids] of raise)
    await models.memberships.updateMany({ _id: { $in: ids } }, { $set: { role } });
}

/**
 * A teaching research group (教研组) spanning a region of `orgPath`, with its creator as owner;
 * with an idempotency key, once (a retry answers the group, its owner's membership made sure of).
 */
export function openGroupSpace(
  models: Models,
  spec: { title: string; description: string; visibility: Visibility; orgPath: string[]; openedBy: string },
  request?: CreateRequest,
): Promise<SpaceDoc> {
  const withOwner = async (space: SpaceDoc) => {
    // An upsert: answering a retry also completes a first request that died before it.
    await addMemberships(models, [{ space, userId: spec.openedBy, role: 'OWNER' }]);
    return space;
  };
  return keyedCreate(models, 'Space', request, {
    create: async (id) => {
      const space = await writeCounted(models, 'spaces', async () => {
        const created = await models.spaces.create({
          _id: id,
          kind: 'GROUP',
          key: `group:${id.toString()}`,
          ...spec,
          ...tenancyFields(spec.orgPath),
        });
        const after = created.toObject() as SpaceDoc;
        return { result: after, changes: [{ after }] };
      });
      return withOwner(space);
    },
    replay: async (id) => {
      const space = (await models.spaces.findById(id).lean()) as SpaceDoc | null;
      return space && withOwner(space);
    },
  });
}
