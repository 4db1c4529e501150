import type { Caller } from '@edugraph/shared';
import type { ResourcesConfig } from './config.ts';
import type { ResourcesLoaders } from './loaders.ts';
import type { TargetDirectory } from './push/targets.ts';
import type { ResourcesStore } from './store/index.ts';

export interface ResourcesContext {
  caller: Caller | null;
  /** The request's Authorization header, forwarded when the service asks the datacenter. */
  authorization: string | undefined;
  config: ResourcesConfig;
  store: ResourcesStore;
  targets: TargetDirectory;
  loaders: ResourcesLoaders;
}
