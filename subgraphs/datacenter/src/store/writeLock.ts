import { withDatabaseLock } from '@edugraph/shared';
import type { Models } from './models/index.ts';

/**
 * Runs `write` holding the write lock of one entity kind, across every process on the database
 * (shared/src/store/databaseLock.ts). Why: the embedded database evaluates an update's filter and
 * writes the document in two steps without isolation, so two writers' "update where version = 6"
 * can both match and the one that lands last wins while both log version 7: the feed's last entry
 * for the record would then not be its state.
 */
export function withWriteLock<T>(models: Models, name: string, write: () => Promise<T>): Promise<T> {
  return withDatabaseLock(models.changeBatches.db.db!, name, write);
}
