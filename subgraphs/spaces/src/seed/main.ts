import { createHash } from 'node:crypto';
import { DEMO_SCHOOL, createRng, generateProvince } from '@edugraph/infra';
import {
  checkOrgPath,
  closeDatabase,
  connectServiceDatabase,
  createLogger,
  isDuplicateKeyError,
} from '@edugraph/shared';
import { Types } from 'mongoose';
import { readSpacesConfig } from '../config.ts';
import { createStore, memberKeyOfPerson, prepareStore, recountSpaces } from '../store/index.ts';
import { buildDemoSpaces } from './build.ts';

/**
 * The launcher's demo spaces for the generated province (same generator, seed and size as the
 * datacenter): a space for every school and class, personal spaces for about 80 % of teachers
 * and half of the secondary students (some counties ahead, some behind), 教研组 per county and
 * subject, and Chinese posts, comments and growth records. People have no accounts yet, so
 * their spaces are keyed by staff and registry numbers and claimed at first sign-in (the demo
 * teacher and student accounts are linked to such numbers). Idempotent: a marker makes a re-run
 * a single query; ids are derived from natural keys, so an interrupted run can be repeated.
 */
const config = readSpacesConfig();
const logger = createLogger({ service: 'spaces-seed', level: config.LOG_LEVEL });
const conn = await connectServiceDatabase('spaces', config, logger);
const started = Date.now();
try {
  const markers = conn.collection<{ _id: string; at: Date }>('seedmarkers');
  const marker = `spaces-demo:v1:${config.SEED}:${config.SEED_STUDENTS}`;
  if (await markers.findOne({ _id: marker })) {
    logger.info({ ms: Date.now() - started }, 'demo spaces already present');
  } else {
    const store = createStore(conn);
    await prepareStore(store);
    const { models } = store;
    const province = generateProvince({ seed: config.SEED, students: config.SEED_STUDENTS });
    const demo = buildDemoSpaces({
      province,
      rng: createRng(config.SEED, 'spaces'),
      demoSchool: DEMO_SCHOOL.code,
      now: Date.now(),
      idOf: (key) =>
        new Types.ObjectId(createHash('sha256').update(`spaces:${key}`).digest('hex').slice(0, 24)),
      pathOf: (org, region) => {
        const path = checkOrgPath(org, region);
        if (!path.ok) throw new Error(`${org}: ${path.reason}`);
        return path.value;
      },
      memberKeyOf: memberKeyOfPerson,
    });
    const insert = async (
      collection: { insertMany: (docs: any[], o: object) => Promise<unknown> },
      docs: object[],
    ) => {
      for (let i = 0; i < docs.length; i += 1000) {
        try {
          await collection.insertMany(docs.slice(i, i + 1000), { ordered: false });
        } catch (err) {
          // A repeated, interrupted run: documents already there keep their ids.
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
    };
    await insert(models.spaces.collection, demo.spaces);
    await insert(models.memberships.collection, demo.memberships);
    await insert(models.posts.collection, demo.posts);
    await insert(models.comments.collection, demo.comments);
    // Inserted in bulk around the write path: the region counters are counted from them once.
    await recountSpaces(models);
    await markers.updateOne({ _id: marker }, { $set: { at: new Date() } }, { upsert: true });
    logger.info(
      {
        spaces: demo.spaces.length,
        memberships: demo.memberships.length,
        posts: demo.posts.length,
        comments: demo.comments.length,
        ms: Date.now() - started,
      },
      'demo spaces seeded',
    );
  }
} finally {
  await closeDatabase(conn);
}
