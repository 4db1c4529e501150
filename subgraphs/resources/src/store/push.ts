import { paginate, type PageArgs } from '@edugraph/shared';
import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';
import { isRecordId, toRecordIds, type RecordId } from './ids.ts';
import type { ResourcesStore } from './index.ts';
import { writeCounted } from './regionUsage.ts';

export const pushTargetKinds = ['SCHOOL', 'CLASS'] as const;
export type PushTargetKind = (typeof pushTargetKinds)[number];
/** The receipt a school keeps for a pushed resource; it only moves forward. */
export const receiptStatuses = ['PUSHED', 'SEEN', 'USED'] as const;
export type ReceiptStatus = (typeof receiptStatuses)[number];

/**
 * A published resource pushed (推送) to a school or a class, with the school's receipt.
 * `orgPath` is the target's school path (tenancy: the school and the regions above it see
 * it); target ids are the datacenter's, so `School.pushedResources` resolves from a reference.
 */
const pushSchema = new Schema(
  {
    resourceId: { type: Schema.Types.ObjectId, required: true },
    targetKind: { type: String, enum: pushTargetKinds, required: true },
    targetId: { type: String, required: true },
    targetCode: { type: String, required: true },
    targetName: { type: String, default: null },
    schoolId: { type: String, required: true },
    schoolCode: { type: String, required: true },
    orgPath: { type: [String], required: true },
    pushedBy: { type: String, required: true },
    pushedByOrganization: { type: String, required: true },
    pushedAt: { type: Date, required: true },
    note: { type: String, default: null },
    receipt: { type: String, enum: receiptStatuses, default: 'PUSHED' },
    receiptHistory: {
      type: [new Schema({ status: String, by: String, at: Date }, { _id: false })],
      default: [],
    },
    seenAt: { type: Date, default: null },
    usedAt: { type: Date, default: null },
  },
  { collection: 'pushes' },
);
pushSchema.index({ resourceId: 1, targetKind: 1, targetCode: 1 }, { unique: true });
pushSchema.index({ targetId: 1, pushedAt: -1 });
pushSchema.index({ schoolId: 1, pushedAt: -1 });
pushSchema.index({ orgPath: 1 });

export type PushFields = InferSchemaType<typeof pushSchema>;
export type PushDoc = PushFields & { _id: Types.ObjectId };
export type PushModel = Model<PushFields>;

export const pushModel = (conn: Connection): PushModel =>
  (conn.models.Push as PushModel | undefined) ?? conn.model('Push', pushSchema);

/**
 * The rows of new pushes, one per target; a target pushed before keeps its push and receipt (one
 * write). New pushes are counted in their school's regions (regionUsage.ts). Returns how many
 * were new.
 */
export async function insertPushes(
  store: ResourcesStore,
  rows: readonly (Record<string, unknown> &
    Pick<PushFields, 'resourceId' | 'targetKind' | 'targetCode' | 'orgPath'>)[],
): Promise<number> {
  return writeCounted(store, 'pushes', async () => {
    const result = await store.pushes.bulkWrite(
      rows.map((row) => ({
        updateOne: {
          filter: { resourceId: row.resourceId, targetKind: row.targetKind, targetCode: row.targetCode },
          update: { $setOnInsert: row },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    // The new pushes read back by `_id`: the embedded database reports the right ids but not
    // the right operation indexes (for [old, new] it says index 0), so rows[index] would count
    // another school.
    const ids = Object.values(result.upsertedIds) as RecordId[];
    const added =
      ids.length === 0
        ? []
        : ((await store.pushes.find({ _id: { $in: ids } }, { orgPath: 1, receipt: 1 }).lean()) as unknown as {
            orgPath: string[];
            receipt: string;
          }[]);
    return { result: result.upsertedCount, changes: added.map((after) => ({ after })) };
  });
}

/** The pushes of a resource to these target codes. */
export async function findPushesOf(
  store: ResourcesStore,
  resourceId: RecordId,
  targetCodes: readonly string[],
): Promise<PushDoc[]> {
  return (await store.pushes
    .find({ resourceId, targetCode: { $in: [...targetCodes] } })
    .lean()) as unknown as PushDoc[];
}

/** A push by id, or null (also for a string that is no record id). */
export async function findPush(store: ResourcesStore, id: string): Promise<PushDoc | null> {
  return isRecordId(id) ? ((await store.pushes.findById(id).lean()) as unknown as PushDoc | null) : null;
}

/**
 * Moves a push's receipt on from `from`; false when it was no longer `from` (someone else moved
 * it). A receipt reaching USED is counted in the school's regions.
 */
export async function advanceReceipt(
  store: ResourcesStore,
  push: PushDoc,
  from: ReceiptStatus,
  set: Partial<Pick<PushFields, 'receipt' | 'seenAt' | 'usedAt'>>,
  entry: { status: ReceiptStatus; by: string; at: Date },
): Promise<boolean> {
  return writeCounted(store, 'pushes', async () => {
    const res = await store.pushes.updateOne(
      { _id: push._id, receipt: from },
      { $set: set, $push: { receiptHistory: entry } },
    );
    const moved = res.modifiedCount > 0;
    const before = { orgPath: push.orgPath, receipt: from };
    return {
      result: moved,
      changes: moved ? [{ before, after: { ...before, receipt: set.receipt ?? from } }] : [],
    };
  });
}

/** A page of pushes matching `filter`, newest first. */
export function pushesPage(store: ResourcesStore, args: PageArgs, filter: Record<string, unknown>) {
  return paginate<PushDoc & Record<string, unknown>>(store.pushes, args, {
    filter,
    sortField: 'pushedAt',
    direction: -1,
  });
}

/** The pushes of these resources whose target is in an organization's subtree, newest first. */
export async function pushesOfResources(
  store: ResourcesStore,
  ids: readonly string[],
  organization: string,
): Promise<PushDoc[]> {
  return (await store.pushes
    .find({ resourceId: { $in: toRecordIds(ids) }, orgPath: organization })
    .sort({ pushedAt: -1 })
    .lean()) as unknown as PushDoc[];
}
