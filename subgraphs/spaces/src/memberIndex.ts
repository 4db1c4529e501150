import type { Models } from './context.ts';
import type { MemberEntry, MemberRole, MembershipDoc, MemberSpacesDoc, SpaceKind } from './models/space.ts';

/**
 * The member index (`memberspaces`): per member key, the spaces they belong to with role and
 * kind, read by `_id` alone (FerretDB v1 evaluates any other filter over the whole collection).
 * `memberships` stays the record; every write to it updates the index here:
 * - adding and removing members set or unset one entry (`$set`/`$unset` of `spaces.<id>`,
 *   atomic on MongoDB);
 * - claiming a roster space and the start-up migration rebuild entries from `memberships`.
 * FerretDB applies an update as read, modify, write, so two updates of one document at once
 * can lose one: this process runs its index writes one after another.
 */

const queues = new WeakMap<object, Promise<unknown>>();

/** Runs index writes of one database one at a time (FerretDB updates are not atomic). */
function serial<T>(models: Models, write: () => Promise<T>): Promise<T> {
  const before = queues.get(models.memberSpaces) ?? Promise.resolve();
  const next = before.then(write, write);
  queues.set(
    models.memberSpaces,
    next.catch(() => undefined),
  );
  return next;
}

const BATCH = 500;

async function bulk(models: Models, ops: object[]): Promise<void> {
  for (let i = 0; i < ops.length; i += BATCH)
    await models.memberSpaces.bulkWrite(ops.slice(i, i + BATCH) as never, { ordered: false });
}

export interface IndexedMembership {
  memberKey: string;
  spaceId: string;
  role: MemberRole | string;
  spaceKind: SpaceKind | string;
}

/** Records memberships just inserted or raised. */
export function indexMemberships(models: Models, rows: IndexedMembership[]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  const byKey = new Map<string, Record<string, MemberEntry>>();
  for (const r of rows) {
    const set = byKey.get(r.memberKey) ?? {};
    set[`spaces.${r.spaceId}`] = { role: r.role as MemberRole, kind: r.spaceKind as SpaceKind };
    byKey.set(r.memberKey, set);
  }
  return serial(models, () =>
    bulk(
      models,
      [...byKey].map(([key, set]) => ({
        updateOne: { filter: { _id: key }, update: { $set: set }, upsert: true },
      })),
    ),
  );
}

/** Forgets one membership (the member left or was removed). */
export function unindexMembership(models: Models, memberKey: string, spaceId: string): Promise<void> {
  return serial(models, async () => {
    await models.memberSpaces.updateOne({ _id: memberKey }, { $unset: { [`spaces.${spaceId}`]: 1 } });
  });
}

/**
 * Rewrites the index entries of these member keys (all keys when omitted) from `memberships`:
 * after a claim moved memberships from a roster number to a user, and at start-up.
 */
export function rebuildMemberIndex(models: Models, keys?: string[]): Promise<void> {
  return serial(models, async () => {
    const rows = (await models.memberships
      .find(keys ? { memberKey: { $in: keys } } : {}, { memberKey: 1, spaceId: 1, role: 1, spaceKind: 1 })
      .lean()) as MembershipDoc[];
    const spaces = new Map<string, Record<string, MemberEntry>>((keys ?? []).map((k) => [k, {}]));
    for (const m of rows) {
      const entries = spaces.get(m.memberKey) ?? {};
      entries[m.spaceId] = { role: m.role as MemberRole, kind: m.spaceKind as SpaceKind };
      spaces.set(m.memberKey, entries);
    }
    await bulk(
      models,
      [...spaces].map(([key, entries]) =>
        Object.keys(entries).length
          ? { replaceOne: { filter: { _id: key }, replacement: { _id: key, spaces: entries }, upsert: true } }
          : { deleteOne: { filter: { _id: key } } },
      ),
    );
    if (!keys) await models.memberSpaces.deleteMany({ _id: { $nin: [...spaces.keys()] } });
  });
}

const MIGRATION = 'member-index:v1';

/**
 * Builds the index for a database written by an earlier version (or by the demo seed) once;
 * a marker makes later starts a single read. Idempotent: an interrupted run is rebuilt whole.
 */
export async function migrateMemberIndex(models: Models): Promise<boolean> {
  const markers = models.memberSpaces.db.collection<{ _id: string; at: Date }>('migrations');
  if (await markers.findOne({ _id: MIGRATION })) return false;
  await rebuildMemberIndex(models);
  await markers.updateOne({ _id: MIGRATION }, { $set: { at: new Date() } }, { upsert: true });
  return true;
}

/** A member's spaces (space id → role and kind): one read by `_id`. */
export async function memberSpaces(models: Models, memberKey: string): Promise<Map<string, MemberEntry>> {
  const doc = (await models.memberSpaces.findOne({ _id: memberKey }).lean()) as MemberSpacesDoc | null;
  return new Map(Object.entries(doc?.spaces ?? {}));
}
