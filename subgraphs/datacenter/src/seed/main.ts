import { closeDatabase, connectServiceDatabase, createLogger } from '@edugraph/shared';
import { generateProvince } from '@edugraph/infra';
import { RECORD_KINDS } from '@edugraph/shared';
import { readDatacenterConfig } from '../config.ts';
import { createStore, prepareStore } from '../store/index.ts';
import { loadProvince } from './load.ts';
import { seedProgress } from './progress.ts';

/**
 * The launcher's demo seed: the generated province (SEED_STUDENTS, SEED) through the batch
 * upserts. A marker records what was loaded, so a re-run with the same size and seed returns at
 * once; any other run is idempotent anyway (unchanged records are not written).
 */
const config = readDatacenterConfig();
const logger = createLogger({ service: 'datacenter-seed', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('datacenter', config, logger);
try {
  const meta = conn.db!.collection<{ _id: string; seed: string; students: number; kinds?: string; at: Date }>(
    'seed_runs',
  );
  const marker = await meta.findOne({ _id: 'demo' });
  // The kinds too: a database seeded before the rostering kinds gets them on the next run.
  const kinds = RECORD_KINDS.join(',');
  if (
    marker &&
    marker.seed === config.SEED &&
    marker.students === config.SEED_STUDENTS &&
    marker.kinds === kinds
  ) {
    logger.info({ students: marker.students, seed: marker.seed }, 'demo province already seeded');
  } else {
    const store = createStore(conn);
    await prepareStore(store);
    const started = Date.now();
    const province = generateProvince({ seed: config.SEED, students: config.SEED_STUDENTS });
    logger.info({ students: config.SEED_STUDENTS, records: province.counts }, 'seeding the demo province');
    const totals = await loadProvince(store, province, RECORD_KINDS, seedProgress(logger, province.counts));
    if (totals.rejected > 0) {
      logger.error(
        { rejected: totals.rejected, examples: totals.firstRejections },
        'seed records were rejected',
      );
      process.exitCode = 1;
    } else {
      await meta.replaceOne(
        { _id: 'demo' },
        { seed: config.SEED, students: config.SEED_STUDENTS, kinds, at: new Date() },
        { upsert: true },
      );
      logger.info({ ...totals, ms: Date.now() - started }, 'demo province seeded');
    }
  }
} finally {
  await closeDatabase(conn);
}
