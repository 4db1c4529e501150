import type mongoose from 'mongoose';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;

export interface RawBulkWriteOptions {
  /** `insertOne`s per `bulkWrite` call (the upserts' batch: 1,000). */
  batchSize: number;
  /** `bulkWrite` calls in flight at once. */
  concurrency: number;
  /** The collection whose stored documents are written again; `students` by default. */
  collection?: string;
  /** CPU seconds used so far, per process to watch (the database's, the caller's): summed over the writes only. */
  cpuSeconds?: Record<string, () => number>;
}

export interface RawBulkWriteResult {
  written: number;
  /** Time spent writing only (reading the documents back is not counted). */
  ms: number;
  /** Per process of `cpuSeconds`: its CPU seconds during the writes only. */
  cpu: Record<string, number>;
}

/** Batches read ahead per round: enough that writers rarely wait on a round's slowest call. */
const BATCHES_PER_WRITER = 16;

/**
 * The baseline a load through the hub is compared with: the documents a collection holds (as the
 * service stored them, without `_id`) written again by the driver alone into `<collection>_raw`
 * with the same indexes, `bulkWrite` of `batchSize` unordered inserts with `concurrency` calls
 * in flight; the copy is dropped afterwards. The documents are read a round at a time
 * (`concurrency` × 16 batches) before that round's writes start, so memory stays bounded at a
 * million documents and only the writes are timed.
 */
export async function rawBulkWrite(db: Db, options: RawBulkWriteOptions): Promise<RawBulkWriteResult> {
  const { batchSize, concurrency, collection = 'students', cpuSeconds = {} } = options;
  const cpuNow = () => Object.fromEntries(Object.entries(cpuSeconds).map(([name, read]) => [name, read()]));
  const source = db.collection(collection);
  const target = db.collection(`${collection}_raw`);
  for (const index of await source.indexes()) {
    if (index.name === '_id_') continue;
    await target.createIndex(index.key, { unique: Boolean(index.unique) });
  }
  try {
    let written = 0;
    let ms = 0;
    const cpu: Record<string, number> = Object.fromEntries(Object.keys(cpuSeconds).map((name) => [name, 0]));
    const roundSize = batchSize * concurrency * BATCHES_PER_WRITER;
    let round: Document[] = [];
    const writeRound = async () => {
      const started = performance.now();
      const cpuBefore = cpuNow();
      await writeConcurrently(target, round, batchSize, concurrency);
      ms += performance.now() - started;
      for (const [name, seconds] of Object.entries(cpuNow()))
        cpu[name] = (cpu[name] ?? 0) + seconds - (cpuBefore[name] ?? 0);
      written += round.length;
      round = [];
    };
    for await (const { _id, ...document } of source.find({}, { batchSize })) {
      round.push(document);
      if (round.length === roundSize) await writeRound();
    }
    if (round.length) await writeRound();
    return { written, ms, cpu };
  } finally {
    await target.drop();
  }
}

async function writeConcurrently(
  target: mongoose.mongo.Collection,
  docs: Document[],
  batchSize: number,
  concurrency: number,
): Promise<void> {
  let offset = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (offset < docs.length) {
        const batch = docs.slice(offset, (offset += batchSize));
        await withBusyRetry(() =>
          target.bulkWrite(
            batch.map((document) => ({ insertOne: { document } })),
            { ordered: false },
          ),
        );
      }
    }),
  );
}

/**
 * The embedded database answers SQLITE_BUSY when its writers wait past SQLite's busy timeout (a
 * loaded machine): the batch's transaction wrote nothing, so it is sent again.
 */
async function withBusyRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= 5 || !String((err as Error).message).includes('SQLITE_BUSY')) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
