import type { Caller } from '@edugraph/shared';
import type { DatacenterLoaders } from './loaders.ts';
import type { Models } from './models/index.ts';
import type { Reads } from './reads.ts';
import type { Replica } from './replica/replica.ts';
import type { ChangeLog } from './sync/changeLog.ts';

export interface DatacenterContext {
  caller: Caller | null;
  models: Models;
  log: ChangeLog;
  /** The replica when caught up, else the database (reads.ts). */
  reads: Reads;
  replica: Replica | undefined;
  loaders: DatacenterLoaders;
}
