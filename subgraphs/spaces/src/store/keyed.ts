import { createOnce, type CreateRequest } from '@edugraph/shared';
import type { Types } from 'mongoose';
import type { Models } from './models/index.ts';

/**
 * The spaces' creating writes made retry-safe (shared/src/store/idempotency.ts): a post,
 * comment or group space created with an `idempotencyKey` is written once per caller and key,
 * and a retry is answered with the record the first request created.
 */

export type { CreateRequest };

/** Creates a record through `idempotentCreate` (once per key), or as usual without a request. */
export function keyedCreate<T>(
  models: Models,
  type: string,
  request: CreateRequest | undefined,
  write: { create: (id: Types.ObjectId) => Promise<T>; replay: (id: Types.ObjectId) => Promise<T | null> },
): Promise<T> {
  return createOnce(models.posts.db.db!, type, request, write);
}
