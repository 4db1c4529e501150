import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

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
