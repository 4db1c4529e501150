import type { Caller } from '@edugraph/shared';
import type { SpacesConfig } from './config.ts';
import type { SpacesLoaders } from './loaders.ts';
import type { IdentityClient } from './peers.ts';
import type { DatacenterClient } from './peers.ts';
import type { SpacesStore } from './store/index.ts';

export interface SpacesContext {
  caller: Caller | null;
  config: SpacesConfig;
  store: SpacesStore;
  loaders: SpacesLoaders;
  /** The caller's bearer token, forwarded to identity and the datacenter on the caller's behalf. */
  token: string | null;
  identity: IdentityClient;
  datacenter: DatacenterClient;
}
