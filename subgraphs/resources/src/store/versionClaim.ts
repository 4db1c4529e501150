import { isDuplicateKeyError } from '@edugraph/shared';
import type { RecordId } from './ids.ts';
import type { ResourcesStore } from './index.ts';

/**
 * Claims the right to turn `version` of a resource into the next one: inserting the `_id`
 * `<resource id>:<version>` succeeds for exactly one writer, a primary key being atomic on
 * every database. A compare-and-set update on `version` is not enough on FerretDB, which
 * matches an update's filter and writes the document in two steps without isolation (two
 * writers can both match), and which decodes the whole collection for any filter but one
 * `_id`; so the claim decides, and the update that follows filters on `_id` alone.
 */
export async function claimVersion(store: ResourcesStore, id: RecordId, version: number): Promise<boolean> {
  try {
    await store.resources.db
      .collection<{ _id: string; at: Date }>('resourceversions')
      .insertOne({ _id: `${id.toHexString()}:${version}`, at: new Date() });
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
