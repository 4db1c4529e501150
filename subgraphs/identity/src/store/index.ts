import { counterModel, serviceStoreBase, type CounterModel, type ServiceStoreBase } from '@edugraph/shared';
import type { Connection, mongo } from 'mongoose';
import { clientModel, type ClientModel } from './client.ts';
import { ensureOidcIndexes } from './oidcRecords.ts';
import { ensureFailureIndexes } from './signinFailures.ts';
import { backfillUserIndexFields, userModel, type UserModel } from './user.ts';
import { countUsersAtStart } from './userCounters.ts';

/**
 * The identity subgraph's storage: users and clients (mongoose models), the OpenID provider's
 * records, signing keys, sign-in failures and the audit trail (plain collections), each with its
 * queries in the module beside this one. Resolvers and the provider hold a store and pass it to
 * the functions of `store/`; nothing outside this folder touches mongoose.
 */
export interface IdentityStore extends ServiceStoreBase {
  users: UserModel;
  clients: ClientModel;
  /** Users per organization, kept on write (userCounters.ts). */
  counters: CounterModel;
  /** The database of the plain collections (`oidc_*`, `keys`, `signin_failures`, `orgPathAudit`). */
  db: () => mongo.Db;
}

/** The store over an open connection (no index is created). */
export function createIdentityStore(
  conn: Connection,
  options: { accessLogRetentionDays: number },
): IdentityStore {
  return {
    users: userModel(conn),
    clients: clientModel(conn),
    counters: counterModel(conn),
    db: () => conn.db!,
    ...serviceStoreBase(conn, 'identity', options.accessLogRetentionDays),
  };
}

/** The store with every collection's indexes created (and users' index fields and counters built once). */
export async function openIdentityStore(
  conn: Connection,
  options: { accessLogRetentionDays: number },
): Promise<IdentityStore> {
  const store = createIdentityStore(conn, options);
  await Promise.all([
    store.users.init(),
    store.clients.init(),
    ensureOidcIndexes(store),
    ensureFailureIndexes(store),
  ]);
  await backfillUserIndexFields(store);
  await countUsersAtStart(store);
  return store;
}
