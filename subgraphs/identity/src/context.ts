import { createLoaders, keyedLoader, type Caller } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import type { IdentityConfig } from './config.ts';
import type { ClientModel } from './models/client.ts';
import type { OrgTree } from './orgTree.ts';
import type { UserDoc, UserModel } from './models/user.ts';
import type { SecretBox } from './secretBox.ts';

export interface Models {
  users: UserModel;
  clients: ClientModel;
}

export interface IdentityServices {
  config: IdentityConfig;
  conn: Connection;
  models: Models;
  /** Where organizations sit (the data center is the authority). */
  orgTree: OrgTree;
  /** Encrypts client secrets at rest (clientSecrets.ts). */
  secrets: SecretBox;
  /** Adds a signing key and reloads the provider; returns the new key id. */
  rotateSigningKey: () => Promise<string>;
}

const OBJECT_ID = /^[a-f0-9]{24}$/;

export function identityLoaders(models: Models) {
  return createLoaders({
    userById: () =>
      keyedLoader<string, UserDoc>(
        async (ids) =>
          (await models.users
            .find({ _id: { $in: ids.filter((id) => OBJECT_ID.test(id)) } })
            .lean()) as UserDoc[],
        (u) => u._id.toString(),
      ),
  });
}

export interface IdentityContext extends IdentityServices {
  caller: Caller | null;
  loaders: ReturnType<typeof identityLoaders>;
}
