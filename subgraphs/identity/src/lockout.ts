import { isDuplicateKeyError } from '@edugraph/shared';
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';

/**
 * Account lockout that counts every failed sign-in, also when many arrive at once.
 *
 * A read-modify-write counter (or `$inc`, which FerretDB can lose under concurrency, and whose
 * update filters it checks and writes in two steps) let 120 concurrent failures through
 * unlocked. Here each failure claims a slot by inserting a document with a deterministic
 * `_id` — `f:<username hash>:<epoch>:<n>`, taking the next n on a duplicate key. Inserts with
 * a unique `_id` are atomic on FerretDB and MongoDB alike and `_id` equality uses the index,
 * so n is exactly how many failures came before, however they interleave. The lock document
 * `l:<username hash>:<epoch>` holds the lock's end and the highest n seen (a hint where to
 * start claiming; a stale hint only costs a few duplicate-key retries).
 *
 * Counting is per username, whether or not the account exists, so a locked answer reveals
 * nothing. The epoch changes when the account signs in or its password changes, which resets
 * the count. Failures are forgotten a day after the last one.
 */
export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  /** The longest lock (LOCKOUT_MAX_SECONDS): nobody can lock an account for a day. */
  maxSeconds: number;
}

const FORGET_AFTER_MS = 24 * 3600_000;
const MAX_CLAIM_TRIES = 10_000;
export const LOCKOUT_COLLECTION = 'signin_failures';
const COLLECTION = LOCKOUT_COLLECTION;
/** Forgotten failures and locks are swept by their expiry (FerretDB has no TTL index). */
export const LOCKOUT_INDEX = { expiresAt: 1 } as const;

interface FailureDoc {
  _id: string;
  expiresAt: Date;
  /** Lock documents only. */
  until?: Date;
  hint?: number;
}

/** Lock length after `failures` failures: none below the threshold, then doubling up to the cap. */
export function lockSeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.baseSeconds * 2 ** Math.min(failures - policy.threshold, 30), policy.maxSeconds);
}

/** The key of a username's failures in one epoch; the username is hashed (it may hold a typed password). */
export function lockoutKey(username: string, epoch: string): string {
  return `${createHash('sha256').update(username).digest('base64url').slice(0, 22)}:${epoch}`;
}

export class Lockout {
  private readonly conn: Connection;
  private readonly policy: LockoutPolicy;

  constructor(conn: Connection, policy: LockoutPolicy) {
    this.conn = conn;
    this.policy = policy;
  }

  private get coll() {
    return this.conn.db!.collection<FailureDoc>(COLLECTION);
  }

  private async lockDoc(key: string): Promise<FailureDoc | null> {
    const doc = await this.coll.findOne({ _id: `l:${key}` });
    return doc && doc.expiresAt.getTime() > Date.now() ? doc : null;
  }

  /** The end of the current lock, or null when the key is not locked. */
  async lockedUntil(key: string): Promise<Date | null> {
    const until = (await this.lockDoc(key))?.until;
    return until && until.getTime() > Date.now() ? until : null;
  }

  /** Counts one failure; returns the lock's end when this failure locks (or keeps locked) the key. */
  async recordFailure(key: string): Promise<Date | null> {
    const expiresAt = new Date(Date.now() + FORGET_AFTER_MS);
    const start = ((await this.lockDoc(key))?.hint ?? 0) + 1;
    let n = start;
    for (; ; n += 1) {
      try {
        await this.coll.insertOne({ _id: `f:${key}:${n}`, expiresAt });
        break;
      } catch (err) {
        if (!isDuplicateKeyError(err) || n - start > MAX_CLAIM_TRIES) throw err;
      }
    }
    const seconds = lockSeconds(n, this.policy);
    const until = seconds ? new Date(Date.now() + seconds * 1000) : null;
    await this.raise(key, { hint: n, ...(until ? { until } : {}) }, expiresAt);
    return until;
  }

  /** `$max` of the lock document's fields; concurrent first writes may collide on the upsert. */
  private async raise(key: string, fields: { hint: number; until?: Date }, expiresAt: Date) {
    const update = { $max: fields, $set: { expiresAt } };
    try {
      await this.coll.updateOne({ _id: `l:${key}` }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await this.coll.updateOne({ _id: `l:${key}` }, update);
    }
  }

  /** Deletes forgotten failures and locks; returns how many. */
  async sweep(): Promise<number> {
    return (await this.coll.deleteMany({ expiresAt: { $lte: new Date() } })).deletedCount;
  }

  async ensureIndexes(): Promise<void> {
    await this.coll.createIndex(LOCKOUT_INDEX);
  }
}
