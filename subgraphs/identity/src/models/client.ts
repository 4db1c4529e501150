import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const clientKinds = ['PORTAL', 'SERVICE'] as const;
export type ClientKind = (typeof clientKinds)[number];

/**
 * An OAuth client registered by an administrator: a school portal (authorization code +
 * PKCE), or a service (client credentials: sync jobs, provincial platforms). Each is limited
 * to its scopes and its organization's subtree; service tokens carry `roles` and `orgPath`.
 */
const clientSchema = new Schema(
  {
    clientId: { type: String, required: true, unique: true },
    /** Compared by the OpenID provider with the presented secret; null for public portals. */
    clientSecret: { type: String, default: null },
    name: { type: String, required: true },
    kind: { type: String, enum: clientKinds, required: true },
    organization: { type: String, required: true },
    orgPath: { type: [String], required: true, index: true },
    scopes: { type: [String], default: [] },
    roles: { type: [String], default: [] },
    redirectUris: { type: [String], default: [] },
    postLogoutRedirectUris: { type: [String], default: [] },
    /** The school's name from the data center (shown on the consent page); null for regions. */
    organizationName: { type: String, default: null },
    /**
     * First-party portals skip the consent screen. Only national administrators (and the
     * operator's seed) make one; `firstPartyBy` records who, and a first-party flag without it
     * (clients of older versions, where every portal was first-party) is cleared at start.
     */
    firstParty: { type: Boolean, default: false },
    firstPartyBy: { type: String, default: null },
    disabled: { type: Boolean, default: false },
    createdBy: { type: String, default: null },
    secretRotatedAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'clients' },
);

export type ClientDoc = InferSchemaType<typeof clientSchema>;
export type ClientModel = Model<ClientDoc>;

export const clientModel = (conn: Connection): ClientModel =>
  (conn.models.Client as ClientModel | undefined) ?? conn.model('Client', clientSchema);
