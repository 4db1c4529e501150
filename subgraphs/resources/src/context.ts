import type { Caller } from '@edugraph/shared';
import type { Connection } from 'mongoose';
import type { ResourcesConfig } from './config.ts';
import type { ResourcesLoaders } from './loaders.ts';
import { providerModel, type ProviderModel } from './store/provider.ts';
import { pushModel, type PushModel } from './store/push.ts';
import { resourceModel, type ResourceModel } from './store/resource.ts';
import { favoriteModel, usageEventModel, type FavoriteModel, type UsageEventModel } from './store/usage.ts';
import type { TargetDirectory } from './push/targets.ts';
import { postingModel, type PostingModel } from './store/postings.ts';

export interface Models {
  resources: ResourceModel;
  providers: ProviderModel;
  pushes: PushModel;
  usageEvents: UsageEventModel;
  favorites: FavoriteModel;
  /** Keyword postings (src/store/postings.ts). */
  postings: PostingModel;
}

export function createModels(conn: Connection): Models {
  return {
    resources: resourceModel(conn),
    providers: providerModel(conn),
    pushes: pushModel(conn),
    usageEvents: usageEventModel(conn),
    favorites: favoriteModel(conn),
    postings: postingModel(conn),
  };
}

export interface ResourcesContext {
  caller: Caller | null;
  /** The request's Authorization header, forwarded when the service asks the datacenter. */
  authorization: string | undefined;
  config: ResourcesConfig;
  models: Models;
  targets: TargetDirectory;
  loaders: ResourcesLoaders;
}
