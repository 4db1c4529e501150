import type { Caller } from '@edugraph/shared';
import type { IdentityConfig } from './config.ts';
import type { IdentityLoaders } from './loaders.ts';
import type { OrgTree } from './orgTree.ts';
import type { SecretBox } from './secretBox.ts';
import type { IdentityStore } from './store/index.ts';

export interface IdentityServices {
  config: IdentityConfig;
  store: IdentityStore;
  /** Where organizations sit (the data center is the authority). */
  orgTree: OrgTree;
  /** Encrypts client secrets at rest (clientSecrets.ts). */
  secrets: SecretBox;
  /** Adds a signing key and reloads the provider; returns the new key id. */
  rotateSigningKey: () => Promise<string>;
}

export interface IdentityContext extends IdentityServices {
  caller: Caller | null;
  loaders: IdentityLoaders;
}
