/**
 * Reads of many documents by `_id`, one lookup each. FerretDB 1.24 pushes only an `_id`
 * equality down to its backend: `{_id: {$in: ids}}` reads the whole collection there, where as
 * many lookups cost one index search each. On MongoDB they are as many round trips, run
 * concurrently, each a point read of the `_id` index.
 */
import { mapBounded } from '@acs/event-bus';
import type { Model } from 'mongoose';

/** Lookups in flight at once per call: enough to hide round trips, short of the driver's pool. */
export const POINT_READ_CONCURRENCY = 16;

/** The documents with these ids that exist, by id, with the fields `projection` keeps. */
export async function findEachById<D extends { _id: string }, R extends { _id: string } = D>(
  model: Model<D>,
  ids: readonly string[],
  projection: Record<string, 0 | 1> | null,
): Promise<Map<string, R>> {
  const docs = await mapBounded(ids, POINT_READ_CONCURRENCY, (id) =>
    model.findById(id, projection).lean<R>().exec(),
  );
  const found = new Map<string, R>();
  for (const doc of docs) if (doc) found.set(doc._id, doc);
  return found;
}
