/**
 * applyBatch for the Mongo store, and its write helpers. The batch is planned first (eventIds
 * already applied, devices that exist), then written collection by collection; the eventIds
 * are recorded last, so a crash before then means the batch is redelivered and replayed, which
 * write-plan.ts makes harmless.
 */
import type { Model } from 'mongoose';
import { ApplyResult, DeviceUpdate } from '../device-store';
import { EventDoc, MongoModels } from './documents';
import { emptyPlan, planUpdate } from './write-plan';

const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: number;
  index?: number;
}

/** The first write error of a bulk error, when it is one. */
function firstWriteError(error: unknown): WriteErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const { writeErrors } = error as { writeErrors?: WriteErrorLike | WriteErrorLike[] };
  if (Array.isArray(writeErrors)) return writeErrors[0] ?? null;
  return writeErrors ?? null;
}

/**
 * Runs the writes in order; a write that hits a duplicate key (an insert or upsert replayed after
 * a crash: already applied) is skipped and the rest go on. Any other error is thrown.
 */
export async function bulkSkippingDuplicates<W>(
  writes: W[],
  orderedBulkWrite: (writes: W[]) => Promise<unknown>,
): Promise<void> {
  let remaining = writes;
  while (remaining.length > 0) {
    try {
      await orderedBulkWrite(remaining);
      return;
    } catch (error) {
      const failed = firstWriteError(error);
      if (failed?.code !== DUPLICATE_KEY || failed.index === undefined) throw error;
      remaining = remaining.slice(failed.index + 1);
    }
  }
}

/** Keeps the newest `keep` events of each device: one aggregate and one delete per batch. */
export async function trimEvents(
  events: Model<EventDoc>,
  deviceIds: readonly string[],
  keep: number,
): Promise<void> {
  if (deviceIds.length === 0) return;
  const surplus = await events.aggregate<{ _id: string }>([
    { $match: { d: { $in: [...deviceIds] } } },
    {
      $setWindowFields: {
        partitionBy: '$d',
        sortBy: { at: -1, seq: -1 },
        output: { rank: { $documentNumber: {} } },
      },
    },
    { $match: { rank: { $gt: keep } } },
    { $project: { _id: 1 } },
  ]);
  if (surplus.length > 0) await events.deleteMany({ _id: { $in: surplus.map((doc) => doc._id) } });
}

export async function applyUpdates(
  models: MongoModels,
  updates: readonly DeviceUpdate[],
  options: { eventsPerDevice: number; nextSeq: () => number },
): Promise<ApplyResult> {
  const { processed, devices, parameters, events, faults } = models;
  const eventIds = [...new Set(updates.map((u) => u.eventId))];
  const done = new Set(
    (await processed.find({ _id: { $in: eventIds } }, { _id: 1 }).lean()).map((d) => d._id),
  );
  const unsure = [...new Set(updates.filter((u) => !u.upsert).map((u) => u.deviceId))];
  const known = new Set(
    unsure.length === 0
      ? []
      : (await devices.find({ _id: { $in: unsure } }, { _id: 1 }).lean()).map((d) => d._id),
  );
  const result: ApplyResult = { applied: 0, duplicates: 0, ignored: 0 };
  const plan = emptyPlan();
  const recorded: string[] = [];
  for (const update of updates) {
    if (done.has(update.eventId)) {
      result.duplicates++;
      continue;
    }
    done.add(update.eventId);
    recorded.push(update.eventId);
    if (!update.upsert && !known.has(update.deviceId)) {
      result.ignored++;
      continue;
    }
    known.add(update.deviceId);
    planUpdate(plan, update, options.nextSeq);
    result.applied++;
  }
  if (plan.devices.length) await devices.bulkWrite(plan.devices, { ordered: true });
  if (plan.parameters.length) await parameters.bulkWrite(plan.parameters, { ordered: true });
  const inserts = plan.events.map((document) => ({ insertOne: { document } }));
  await bulkSkippingDuplicates(inserts, (w) => events.bulkWrite(w, { ordered: true }));
  await bulkSkippingDuplicates(plan.faults, (w) => faults.bulkWrite(w, { ordered: true }));
  await trimEvents(events, plan.devicesWithEvents, options.eventsPerDevice);
  const at = new Date();
  const markers = recorded.map((_id) => ({ insertOne: { document: { _id, at } } }));
  await bulkSkippingDuplicates(markers, (w) => processed.bulkWrite(w, { ordered: true }));
  return result;
}
