import type { Caller } from '@edugraph/shared';
import type { DatacenterLoaders } from './loaders.ts';
import type { Models } from './models/index.ts';
import type { ChangeLog } from './sync/changeLog.ts';

export interface DatacenterContext {
  caller: Caller | null;
  models: Models;
  log: ChangeLog;
  loaders: DatacenterLoaders;
}
