import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

export const userKinds = ['TEACHER', 'STUDENT', 'PARENT', 'ADMINISTRATOR', 'SERVICE'] as const;
export type UserKind = (typeof userKinds)[number];
export const userStatuses = ['ACTIVE', 'DISABLED'] as const;

/**
 * A person (or service account) who signs in. `orgPath` runs from the nation to the user's
 * organization and drives tenancy; `personNumber` links a teacher's staff number or a
 * student's registry number to the data center's record.
 */
const userSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    kind: { type: String, enum: userKinds, required: true },
    organization: { type: String, required: true },
    orgPath: { type: [String], required: true, index: true },
    roles: { type: [String], default: [] },
    status: { type: String, enum: userStatuses, default: 'ACTIVE' },
    // Absent (not null) when unlinked: the unique index is sparse.
    personNumber: { type: String },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    passwordHash: { type: String, required: true },
    mustChangePassword: { type: Boolean, default: false },
    lastLoginAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'users' },
);
userSchema.index({ personNumber: 1 }, { unique: true, sparse: true });
userSchema.index({ orgPath: 1, displayName: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export type UserModel = Model<InferSchemaType<typeof userSchema>>;

export const userModel = (conn: Connection): UserModel =>
  (conn.models.User as UserModel | undefined) ?? conn.model('User', userSchema);
