import { idempotentCreate, type IdempotentRequest } from '@edugraph/shared';
import type { Types } from 'mongoose';
import type { Models } from './models/index.ts';

/**
 * The spaces' creating writes made retry-safe (shared/src/store/idempotency.ts): a post,
 * comment or group space created with an `idempotencyKey` is written once per caller and key,
 * and a retry is answered with the record the first request created.
 */

/** A creating mutation's idempotency key, caller, name and arguments. */
export type CreateRequest = Omit<IdempotentRequest, 'type'>;

/** Creates a record through `idempotentCreate` (once per key), or as usual without a request. */
export function keyedCreate<T>(
  models: Models,
  type: string,
  request: CreateRequest | undefined,
  write: { create: (id: Types.ObjectId) => Promise<T>; replay: (id: Types.ObjectId) => Promise<T | null> },
): Promise<T> {
  const req = request ?? { key: null, caller: '', operation: '', payload: null };
  return idempotentCreate(models.posts.db.db!, { ...req, type }, write);
}
