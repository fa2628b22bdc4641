/**
 * applyBatch for the Mongo store, and its write helpers. One read first, by `_id`: the batch's
 * device documents (which exist, which eventIds each has absorbed), their trees, and the
 * histories of those that get events. Then the trees, histories and faults, and last each
 * device's document with the eventIds it absorbed: a crash before that means the batch is
 * redelivered and replayed, which write-plan.ts makes harmless.
 */
import { ApplyResult, DeviceUpdate } from '../device-store';
import { DeviceDoc, HistoryDoc, MongoModels, TreeDoc } from './documents';
import { fieldKey } from './field-keys';
import { findEachById } from '@acs/persistence';
import {
  createdDevice,
  DeviceBefore,
  deviceOperation,
  emptyPlan,
  historyOperations,
  planUpdate,
  treeOf,
  treeOperation,
  WritePlan,
} from './write-plan';

const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: number;
  index?: number;
}

/** The write errors of a bulk error (none for another error). */
function writeErrorsOf(error: unknown): WriteErrorLike[] {
  if (typeof error !== 'object' || error === null) return [];
  const { writeErrors } = error as { writeErrors?: WriteErrorLike | WriteErrorLike[] };
  if (Array.isArray(writeErrors)) return writeErrors;
  return writeErrors ? [writeErrors] : [];
}

/**
 * Inserts every document it can (unordered) and returns the indexes of those whose key was
 * taken already; any other error is thrown.
 */
export async function insertAll<T extends object>(
  insertMany: (docs: T[]) => Promise<unknown>,
  docs: T[],
): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await insertMany(docs);
    return new Set();
  } catch (error) {
    const failed = writeErrorsOf(error);
    if (
      failed.length === 0 ||
      failed.some((e) => e.code !== DUPLICATE_KEY || e.index === undefined)
    )
      throw error;
    return new Set(failed.map((e) => e.index as number));
  }
}

/**
 * Ordered writes, at most `size` per command. FerretDB 1.24 (SQLite) holds a backend
 * connection per update statement until its command ends, out of a pool of 100: a command of
 * 100 updates of existing documents waits for a connection forever (measured), so the harness
 * and the benchmark run the store with small commands (see docs/architecture.md).
 */
export async function inCommandsOf<W>(
  size: number,
  writes: W[],
  write: (chunk: W[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < writes.length; i += size) await write(writes.slice(i, i + size));
}

/** The first write error of a bulk error, when it is one. */
function firstWriteError(error: unknown): WriteErrorLike | null {
  if (typeof error !== 'object' || error === null) return null;
  const { writeErrors } = error as { writeErrors?: WriteErrorLike | WriteErrorLike[] };
  if (Array.isArray(writeErrors)) return writeErrors[0] ?? null;
  return writeErrors ?? null;
}

/**
 * Runs the writes in order past duplicate keys; any other error is thrown. `skip`: the write that
 * hit one was an insert or upsert replayed after a crash, already applied, and the rest go on.
 * `retry`: it was an upsert that lost a race to create its document (another writer's upsert
 * inserted it first, which MongoDB retries itself and FerretDB does not), and it is run once
 * more, as the update of the document now there.
 */
export async function bulkPastDuplicates<W>(
  writes: W[],
  orderedBulkWrite: (writes: W[]) => Promise<unknown>,
  duplicate: 'skip' | 'retry',
): Promise<void> {
  let remaining = writes;
  let retried = false;
  while (remaining.length > 0) {
    try {
      await orderedBulkWrite(remaining);
      return;
    } catch (error) {
      const failed = firstWriteError(error);
      if (failed?.code !== DUPLICATE_KEY || failed.index === undefined) throw error;
      if (duplicate === 'skip') remaining = remaining.slice(failed.index + 1);
      else if (retried && failed.index === 0) throw error;
      else {
        remaining = remaining.slice(failed.index);
        retried = true;
      }
    }
  }
}

export interface ApplyOptions {
  /** Events a device keeps (reads never return more). */
  eventsPerDevice: number;
  /** EventIds remembered per device against redelivery. */
  appliedPerDevice: number;
  /** Numbers events and applied eventIds in arrival order. */
  nextSeq: () => number;
  /** Parameter paths whose values the device documents carry. */
  indexedParameters: ReadonlySet<string>;
  /** Update and delete statements per command (see inCommandsOf). */
  writesPerCommand: number;
}

type DeviceRead = Pick<DeviceDoc, '_id' | 'ap' | 'bs'>;

/** Each tree's one write: its touched parameters, addressed by `_id`, created when new. */
async function writeTrees(models: MongoModels, plan: WritePlan, size: number): Promise<void> {
  const writes = [...plan.devices.values()].flatMap((write) => treeOperation(write) ?? []);
  await inCommandsOf(size, writes, (chunk) =>
    bulkPastDuplicates(chunk, (w) => models.trees.bulkWrite(w, { ordered: true }), 'retry'),
  );
}

/**
 * Each device document's one write, last: a new device's whole document in one insert (an
 * update is a collection scan on FerretDB), a known one's update; a new one another writer
 * created meanwhile gets the update.
 */
async function writeDevices(
  models: MongoModels,
  plan: WritePlan,
  before: ReadonlyMap<string, DeviceBefore>,
  options: ApplyOptions,
): Promise<void> {
  const { devices } = models;
  const writes = [...plan.devices.values()];
  const optionsOf = { appliedPerDevice: options.appliedPerDevice };
  const created = writes.filter((write) => write.created);
  const raced = await insertAll(
    (docs) => devices.insertMany(docs, { ordered: false, lean: true }),
    created.map((write) => createdDevice(write, optionsOf)),
  );
  const updates = [
    ...writes.filter((write) => !write.created),
    ...created.filter((_, i) => raced.has(i)),
  ];
  await inCommandsOf(
    options.writesPerCommand,
    updates.map((write) => deviceOperation(write, before.get(write.deviceId) ?? null, optionsOf)),
    (chunk) => devices.bulkWrite(chunk, { ordered: true }),
  );
}

export async function applyUpdates(
  models: MongoModels,
  updates: readonly DeviceUpdate[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { devices, faults } = models;
  const deviceIds = [...new Set(updates.map((u) => u.deviceId))];
  const withEvents = [
    ...new Set(updates.filter((u) => (u.addEvents ?? []).length > 0).map((u) => u.deviceId)),
  ];
  const [read, trees, histories] = await Promise.all([
    findEachById<DeviceDoc, DeviceRead>(devices, deviceIds, { ap: 1, bs: 1 }),
    findEachById<TreeDoc>(models.trees, deviceIds, null),
    findEachById<HistoryDoc>(models.histories, withEvents, null),
  ]);
  const before = new Map<string, DeviceBefore>(
    [...read.values()].map((doc) => [
      doc._id,
      {
        ap: doc.ap ?? {},
        ...(doc.bs === undefined ? {} : { bs: doc.bs }),
      },
    ]),
  );
  const treesBefore = new Map(deviceIds.map((id) => [id, treeOf(trees.get(id) ?? null)]));
  const result: ApplyResult = { applied: 0, duplicates: 0, ignored: 0 };
  const plan = emptyPlan();
  const seen = new Set<string>();
  const known = new Set(before.keys());
  for (const update of updates) {
    const absorbed = before.get(update.deviceId)?.ap ?? {};
    if (seen.has(update.eventId) || Object.hasOwn(absorbed, fieldKey(update.eventId))) {
      result.duplicates++;
      continue;
    }
    seen.add(update.eventId);
    if (!update.upsert && !known.has(update.deviceId)) {
      result.ignored++;
      continue;
    }
    known.add(update.deviceId);
    planUpdate(plan, update, {
      nextSeq: options.nextSeq,
      indexed: options.indexedParameters,
      before: before.get(update.deviceId) ?? null,
      tree: treesBefore.get(update.deviceId) ?? new Map(),
    });
    result.applied++;
  }
  const size = options.writesPerCommand;
  await writeTrees(models, plan, size);
  const historyWrites = [...plan.devices.values()].flatMap((write) =>
    historyOperations(write, histories.get(write.deviceId)?.e ?? [], options.eventsPerDevice),
  );
  await inCommandsOf(size, historyWrites, (chunk) =>
    bulkPastDuplicates(chunk, (w) => models.histories.bulkWrite(w, { ordered: true }), 'retry'),
  );
  await inCommandsOf(size, plan.faults, (chunk) =>
    bulkPastDuplicates(chunk, (w) => faults.bulkWrite(w, { ordered: true }), 'skip'),
  );
  await writeDevices(models, plan, before, options);
  return result;
}
