/**
 * The writes that apply a batch of DeviceUpdates to the Mongo layout: targeted $set,
 * $setOnInsert, $unset and $inc, never whole documents. Pure, so it is tested without a server.
 *
 * Without a multi-document transaction a crash can leave a batch half-written. Each device's
 * document is written last, with the eventIds it absorbed (`ap`): until then the batch counts as
 * not applied, is redelivered and applied again. Every write here gives the same result when
 * replayed: the tree's changed parameters folded over the tree as read (a replay folds the same
 * updates over what the first attempt left, and one writer per device means nobody else changed
 * it), events keyed by eventId, fault counts guarded by the last counted faultId, and a bootstrap
 * counted into the device document's `bs` from the count the batch read (see TreeParameter.b),
 * not marked onto the parameters.
 */
import type { AnyBulkWriteOperation } from 'mongoose';
import { DeviceUpdate, StoredParameter } from '../device-store';
import { inSubtree, subtreeBase } from '../query/fields';
import {
  DeviceDoc,
  FaultDoc,
  HistoryDoc,
  HistoryEvent,
  StoredValue,
  TreeDoc,
  TreeParameter,
} from './documents';
import { fieldKey, fromFieldKey, indexedValueKey } from './field-keys';

/** An indexed value the batch deletes (with its parameter). */
export const REMOVED = Symbol('removed');

/** Everything a batch changes in one device document, folded over its updates in order. */
export interface DeviceWrite {
  deviceId: string;
  /** Some update creates the device when unknown. */
  upsert: boolean;
  /** Summary fields given, the later update's value winning. */
  set: Record<string, unknown>;
  /** Defaults for a created device, from the first update that may create it. */
  setOnInsert: Record<string, unknown>;
  /** Indexed values to write, by indexedValueKey. */
  values: Map<string, StoredValue | typeof REMOVED>;
  /** EventIds applied, in order, each with its place in the order applied. */
  applied: [eventId: string, seq: number][];
  /** Events added, in order. */
  events: HistoryEvent[];
  /** The device's bootstrap count as of the updates planned so far. */
  epoch: number;
  /** The count the device document holds; `epoch` is written when they differ. */
  epochBefore: number;
  /** The device was not in the store before this batch: its document is inserted. */
  created: boolean;
  /** The tree as the batch's updates leave it, by path. */
  tree: Map<string, TreeParameter>;
  /** Paths the updates set or deleted: what the tree's write changes. */
  touched: Set<string>;
}

export interface WritePlan {
  devices: Map<string, DeviceWrite>;
  faults: AnyBulkWriteOperation<FaultDoc>[];
}

export function emptyPlan(): WritePlan {
  return { devices: new Map(), faults: [] };
}

const UPSERT_FIELDS = [
  'oui',
  'productClass',
  'serialNumber',
  'manufacturer',
  'dataModelRoot',
  'lastInform',
  'lastBoot',
  'lastBootstrap',
  'periodicInformInterval',
  'onlineUntil',
  'online',
  'connectionRequest',
] as const;

export interface PlanContext {
  /** Numbers events and applied eventIds in arrival order. */
  nextSeq: () => number;
  /** The parameter paths whose values the device document carries. */
  indexed: ReadonlySet<string>;
  /** What the store held of the device document when the batch began; null when none. */
  before: DeviceBefore | null;
  /**
   * The device's tree when the batch began (empty when none), by path. Read for a device the
   * store does not hold too: a crash after the tree's write and before the device document's
   * leaves one.
   */
  tree: ReadonlyMap<string, TreeParameter>;
}

/** Adds one update's writes. */
export function planUpdate(plan: WritePlan, update: DeviceUpdate, context: PlanContext): void {
  const { deviceId, upsert } = update;
  const { nextSeq, indexed } = context;
  const device = deviceWrite(plan, deviceId, context);
  if (upsert) {
    for (const field of UPSERT_FIELDS) {
      if (upsert[field] !== undefined) device.set[field] = upsert[field];
    }
    if (!device.upsert) {
      device.upsert = true;
      device.setOnInsert = {
        oui: '',
        productClass: '',
        serialNumber: '',
        manufacturer: '',
        dataModelRoot: null,
        tags: [],
        firstSeen: update.occurredAt,
        lastInform: update.occurredAt,
        online: false,
        connectionRequest: {},
      };
    }
  }
  if (update.posture) device.set['posture'] = update.posture;
  // Every parameter learned fresh under an earlier count is stale from now on.
  if (update.markAllStale) device.epoch++;
  for (const selector of update.deleteSubtrees ?? []) {
    const base = subtreeBase(selector);
    for (const path of device.tree.keys()) {
      if (!inSubtree(path, base)) continue;
      device.tree.delete(path);
      device.touched.add(path);
    }
    for (const path of indexed) {
      if (inSubtree(path, base)) device.values.set(indexedValueKey(path), REMOVED);
    }
  }
  for (const parameter of update.setParameters ?? []) {
    device.tree.set(
      parameter.path,
      treeParameter(device.tree.get(parameter.path), parameter, device.epoch),
    );
    device.touched.add(parameter.path);
    if (parameter.value !== undefined && indexed.has(parameter.path))
      device.values.set(indexedValueKey(parameter.path), parameter.value);
  }
  (update.addEvents ?? []).forEach((event, i) => {
    device.events.push({
      i: `${update.eventId}/${i}`,
      at: event.occurredAt,
      seq: nextSeq(),
      e: event.eventId,
      k: event.kind,
      x: event.detail ?? {},
    });
  });
  for (const fault of update.addFaults ?? []) {
    plan.faults.push({
      updateOne: {
        // A replay finds `last` already equal and matches nothing: the upsert then collides
        // with the unique (d, code, source) index, which the store takes as "already counted".
        filter: {
          d: deviceId,
          code: fault.code,
          source: fault.source,
          last: { $ne: fault.faultId },
        },
        update: {
          $inc: { count: 1 },
          $set: { message: fault.message, at: fault.occurredAt, last: fault.faultId },
          $setOnInsert: { _id: fault.faultId },
        },
        upsert: true,
      },
    });
  }
  device.applied.push([update.eventId, nextSeq()]);
}

/**
 * A parameter after a write: the fields given over those it had, and its bootstrap count where it
 * becomes fresh (said so, or created now); a parameter merely written again keeps the count it
 * was fresh in.
 */
export function treeParameter(
  had: TreeParameter | undefined,
  parameter: StoredParameter,
  epoch: number,
): TreeParameter {
  const fields = parameterFields(parameter);
  const b = had === undefined || parameter.stale === false ? epoch : had.b;
  return { ...had, ...fields, b };
}

/** The tree document's one write: the touched parameters as they are now, or gone; null if none. */
export function treeOperation(write: DeviceWrite): AnyBulkWriteOperation<TreeDoc> | null {
  const set: Record<string, TreeParameter> = {};
  const unset: Record<string, ''> = {};
  for (const path of write.touched) {
    const parameter = write.tree.get(path);
    if (parameter) set[`m.${fieldKey(path)}`] = parameter;
    else unset[`m.${fieldKey(path)}`] = '';
  }
  const update: Record<string, Record<string, unknown>> = {};
  if (Object.keys(set).length > 0) update['$set'] = set;
  if (Object.keys(unset).length > 0) update['$unset'] = unset;
  if (Object.keys(update).length === 0) return null;
  return { updateOne: { filter: { _id: write.deviceId }, update, upsert: true } };
}

/** Newest first: by occurredAt, then by arrival. */
export const newestFirst = (a: HistoryEvent, b: HistoryEvent): number =>
  a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq;

/**
 * The history document's writes, in order: the batch's events appended (those a replay finds
 * there already, by `i`, not again), then the oldest it held beyond the newest `keep` pulled.
 * Appending and pulling what was read, not setting the whole list, keeps the events of another
 * writer that appended meanwhile (two stores creating one device).
 */
export function historyOperations(
  write: DeviceWrite,
  held: readonly HistoryEvent[],
  keep: number,
): AnyBulkWriteOperation<HistoryDoc>[] {
  const ids = new Set(held.map((event) => event.i));
  const fresh = write.events.filter((event) => !ids.has(event.i));
  if (fresh.length === 0) return [];
  const dropped = new Set([...held, ...fresh].sort(newestFirst).slice(keep));
  const added = fresh.filter((event) => !dropped.has(event));
  const pulled = held.filter((event) => dropped.has(event));
  const filter = { _id: write.deviceId };
  const writes: AnyBulkWriteOperation<HistoryDoc>[] = [];
  if (added.length > 0)
    writes.push({
      updateOne: { filter, update: { $push: { e: { $each: added } } }, upsert: true },
    });
  if (pulled.length > 0)
    writes.push({ updateOne: { filter, update: { $pullAll: { e: pulled } } } });
  return writes;
}

/**
 * A new device's whole document: defaults, then what the batch says, as deviceOperation would
 * leave it written over nothing.
 */
export function createdDevice(
  write: DeviceWrite,
  options: { appliedPerDevice: number },
): Partial<DeviceDoc> & { _id: string } {
  const iv: Record<string, StoredValue> = {};
  for (const [key, value] of write.values) if (value !== REMOVED) iv[key] = value;
  const ap = Object.fromEntries(
    write.applied
      .slice(-options.appliedPerDevice)
      .map(([eventId, seq]) => [fieldKey(eventId), seq]),
  );
  return {
    _id: write.deviceId,
    ...write.setOnInsert,
    ...write.set,
    iv,
    ap,
    ...(write.epoch === 0 ? {} : { bs: write.epoch }),
  };
}

function deviceWrite(plan: WritePlan, deviceId: string, context: PlanContext): DeviceWrite {
  let device = plan.devices.get(deviceId);
  if (!device) {
    const epoch = context.before?.bs ?? 0;
    device = {
      deviceId,
      upsert: false,
      set: {},
      setOnInsert: {},
      values: new Map(),
      applied: [],
      events: [],
      epoch,
      epochBefore: epoch,
      created: context.before === null,
      tree: new Map(context.tree),
      touched: new Set(),
    };
    plan.devices.set(deviceId, device);
  }
  return device;
}

/** What the store read of a device document before writing. */
export interface DeviceBefore {
  ap: Record<string, number>;
  bs?: number;
}

/**
 * The device document's one write: its summary, indexed values and applied eventIds (keeping the
 * newest `appliedPerDevice`).
 */
export function deviceOperation(
  write: DeviceWrite,
  before: DeviceBefore | null,
  options: { appliedPerDevice: number },
): AnyBulkWriteOperation<DeviceDoc> {
  const set: Record<string, unknown> = { ...write.set };
  const unset: Record<string, ''> = {};
  for (const [key, value] of write.values) {
    if (value === REMOVED) unset[`iv.${key}`] = '';
    else set[`iv.${key}`] = value;
  }
  const fresh = new Map(write.applied.map(([eventId, seq]) => [fieldKey(eventId), seq]));
  for (const [key, seq] of fresh) set[`ap.${key}`] = seq;
  const kept = Object.entries(before?.ap ?? {}).filter(([key]) => !fresh.has(key));
  const surplus = kept.length + fresh.size - options.appliedPerDevice;
  if (surplus > 0) {
    kept.sort((a, b) => a[1] - b[1]);
    for (const [key] of kept.slice(0, surplus)) unset[`ap.${key}`] = '';
  }
  if (write.epoch !== write.epochBefore) set['bs'] = write.epoch;
  const setOnInsert = Object.fromEntries(
    Object.entries(write.setOnInsert).filter(([field]) => !(field in set)),
  );
  const update: Record<string, Record<string, unknown>> = { $set: set };
  if (Object.keys(unset).length > 0) update['$unset'] = unset;
  if (write.upsert && Object.keys(setOnInsert).length > 0) update['$setOnInsert'] = setOnInsert;
  return { updateOne: { filter: { _id: write.deviceId }, update, upsert: write.upsert } };
}

/** The fields of a tree parameter that the update gives (merge: absent ones stay). */
export function parameterFields(parameter: StoredParameter): Omit<TreeParameter, 'b'> {
  const fields: Omit<TreeParameter, 'b'> = { o: parameter.object };
  const given = <K extends keyof TreeParameter>(key: K, value: TreeParameter[K] | undefined) => {
    if (value !== undefined) (fields as Partial<TreeParameter>)[key] = value;
  };
  given('v', parameter.value);
  given('t', parameter.type);
  given('w', parameter.writable);
  given('n', parameter.notification);
  given('a', parameter.accessList);
  given('va', parameter.valueAt);
  given('wa', parameter.writableAt);
  given('aa', parameter.attributesAt);
  given('s', parameter.stale);
  return fields;
}

/** A tree as read, by path. */
export function treeOf(doc: Pick<TreeDoc, 'm'> | null): Map<string, TreeParameter> {
  return new Map(Object.entries(doc?.m ?? {}).map(([key, p]) => [fromFieldKey(key), p]));
}

/** A parameter as read; `epoch` is its device's bootstrap count (DeviceDoc.bs). */
export function parameterOf(path: string, doc: TreeParameter, epoch: number): StoredParameter {
  const parameter: StoredParameter = { path, object: doc.o };
  if (doc.v !== undefined) parameter.value = doc.v;
  if (doc.t !== undefined) parameter.type = doc.t;
  if (doc.w !== undefined) parameter.writable = doc.w;
  if (doc.n !== undefined) parameter.notification = doc.n;
  if (doc.a !== undefined) parameter.accessList = doc.a;
  if (doc.va !== undefined) parameter.valueAt = doc.va;
  if (doc.wa !== undefined) parameter.writableAt = doc.wa;
  if (doc.aa !== undefined) parameter.attributesAt = doc.aa;
  if ((doc.b ?? 0) !== epoch) parameter.stale = true;
  else if (doc.s !== undefined) parameter.stale = doc.s;
  return parameter;
}
