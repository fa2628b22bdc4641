/**
 * The writes that apply a batch of DeviceUpdates to the Mongo layout: targeted $set,
 * $setOnInsert and $inc, never whole documents. Pure, so it is tested without a server.
 *
 * Without a multi-document transaction a crash can leave a batch half-written. Each device's
 * document is written last, with the eventIds it absorbed (`ap`): until then the batch counts as
 * not applied, is redelivered and applied again. Every write here gives the same result when
 * replayed: $set of the same values, events keyed by eventId, fault counts guarded by the last
 * counted faultId, and a bootstrap counted into the device document's `bs` from the count the
 * batch read (see ParameterDoc.b), not marked onto the parameters.
 */
import type { AnyBulkWriteOperation } from 'mongoose';
import { DeviceUpdate, StoredParameter } from '../device-store';
import { subtreeBase } from '../query/fields';
import {
  DeviceDoc,
  EventDoc,
  FaultDoc,
  ParameterDoc,
  parameterKey,
  StoredValue,
  subtreeCondition,
} from './documents';
import { appliedEventKey, indexedValueKey } from './field-keys';

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
  /** Events added. */
  events: number;
  /** The device's bootstrap count as of the updates planned so far. */
  epoch: number;
  /** The count the device document holds; `epoch` is written when they differ. */
  epochBefore: number;
  /**
   * Set when the device was not in the store before this batch: its parameters folded here,
   * to be inserted, and the writes that give the same result over documents that do exist
   * (a replay after a crash, or a device another writer created meanwhile).
   */
  created?: CreatedTree;
}

export interface CreatedTree {
  /** By path: what the batch's updates leave, applied in order to an empty tree. */
  parameters: Map<string, ParameterDoc>;
  ops: AnyBulkWriteOperation<ParameterDoc>[];
}

export interface WritePlan {
  devices: Map<string, DeviceWrite>;
  /** Ordered: per device, deletions, then sets. */
  parameters: AnyBulkWriteOperation<ParameterDoc>[];
  events: EventDoc[];
  faults: AnyBulkWriteOperation<FaultDoc>[];
}

export function emptyPlan(): WritePlan {
  return { devices: new Map(), parameters: [], events: [], faults: [] };
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
  /**
   * What the store held of the device when the batch began; null when it did not hold it: its
   * parameters are then inserted rather than upserted one by one (see mongo-writes.ts).
   */
  before: DeviceBefore | null;
}

/** Adds one update's writes. */
export function planUpdate(plan: WritePlan, update: DeviceUpdate, context: PlanContext): void {
  const { deviceId, upsert } = update;
  const { nextSeq, indexed, before } = context;
  const device = deviceWrite(plan, deviceId, before?.bs ?? 0);
  if (before === null) device.created ??= { parameters: new Map(), ops: [] };
  const parameterOps = device.created?.ops ?? plan.parameters;
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
  // Every parameter learned fresh under an earlier count is stale from now on.
  if (update.markAllStale) device.epoch++;
  for (const selector of update.deleteSubtrees ?? []) {
    const base = subtreeBase(selector);
    parameterOps.push({ deleteMany: { filter: subtreeCondition(deviceId, base) } });
    for (const path of indexed) {
      if (path === base || path.startsWith(`${base}.`))
        device.values.set(indexedValueKey(path), REMOVED);
    }
  }
  for (const parameter of update.setParameters ?? []) {
    parameterOps.push({
      updateOne: {
        filter: { _id: parameterKey(deviceId, parameter.path) },
        update: parameterUpdate(deviceId, parameter, device.epoch),
        upsert: true,
      },
    });
    if (parameter.value !== undefined && indexed.has(parameter.path))
      device.values.set(indexedValueKey(parameter.path), parameter.value);
  }
  if (device.created) foldIntoTree(device.created.parameters, deviceId, update, device.epoch);
  (update.addEvents ?? []).forEach((event, i) => {
    plan.events.push({
      _id: `${update.eventId}/${i}`,
      d: deviceId,
      at: event.occurredAt,
      seq: nextSeq(),
      e: event.eventId,
      k: event.kind,
      x: event.detail ?? {},
    });
    device.events++;
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
 * A parameter's upsert: the fields given, and its bootstrap count where it becomes fresh (said
 * so, or created now); a parameter merely written again keeps the count it was fresh in.
 */
export function parameterUpdate(
  deviceId: string,
  parameter: StoredParameter,
  epoch: number,
): { $set: Partial<ParameterDoc>; $setOnInsert?: Partial<ParameterDoc> } {
  const set = parameterFields(deviceId, parameter);
  if (parameter.stale === false) return { $set: { ...set, b: epoch } };
  return { $set: set, $setOnInsert: { b: epoch } };
}

/**
 * The parameter writes of one update, applied in their order to a tree held in memory (the
 * update's bootstrap, if any, is counted into `epoch` already).
 */
function foldIntoTree(
  tree: Map<string, ParameterDoc>,
  deviceId: string,
  update: DeviceUpdate,
  epoch: number,
): void {
  for (const selector of update.deleteSubtrees ?? []) {
    const base = subtreeBase(selector);
    for (const path of tree.keys())
      if (path === base || path.startsWith(`${base}.`)) tree.delete(path);
  }
  for (const parameter of update.setParameters ?? []) {
    const { $set, $setOnInsert } = parameterUpdate(deviceId, parameter, epoch);
    const doc = tree.get(parameter.path);
    if (doc) Object.assign(doc, $set);
    else
      tree.set(parameter.path, {
        _id: parameterKey(deviceId, parameter.path),
        ...$setOnInsert,
        ...$set,
      } as ParameterDoc);
  }
}

/**
 * A new device's whole document: defaults, then what the batch says, as deviceOperation would
 * leave it written over nothing.
 */
export function createdDevice(
  write: DeviceWrite,
  options: { appliedPerDevice: number; events?: number },
): Partial<DeviceDoc> & { _id: string } {
  const iv: Record<string, StoredValue> = {};
  for (const [key, value] of write.values) if (value !== REMOVED) iv[key] = value;
  const ap = Object.fromEntries(
    write.applied
      .slice(-options.appliedPerDevice)
      .map(([eventId, seq]) => [appliedEventKey(eventId), seq]),
  );
  return {
    _id: write.deviceId,
    ...write.setOnInsert,
    ...write.set,
    iv,
    ap,
    ec: options.events ?? write.events,
    ...(write.epoch === 0 ? {} : { bs: write.epoch }),
  };
}

function deviceWrite(plan: WritePlan, deviceId: string, epoch: number): DeviceWrite {
  let device = plan.devices.get(deviceId);
  if (!device) {
    device = {
      deviceId,
      upsert: false,
      set: {},
      setOnInsert: {},
      values: new Map(),
      applied: [],
      events: 0,
      epoch,
      epochBefore: epoch,
    };
    plan.devices.set(deviceId, device);
  }
  return device;
}

/** What the store read of a device document before writing. */
export interface DeviceBefore {
  ap: Record<string, number>;
  ec?: number;
  bs?: number;
}

/**
 * The device document's one write: its summary, indexed values and applied eventIds (keeping the
 * newest `appliedPerDevice`), and `events` (what it holds after this batch's trimming) when known.
 */
export function deviceOperation(
  write: DeviceWrite,
  before: DeviceBefore | null,
  options: { appliedPerDevice: number; events?: number },
): AnyBulkWriteOperation<DeviceDoc> {
  const set: Record<string, unknown> = { ...write.set };
  const unset: Record<string, ''> = {};
  for (const [key, value] of write.values) {
    if (value === REMOVED) unset[`iv.${key}`] = '';
    else set[`iv.${key}`] = value;
  }
  const fresh = new Map(write.applied.map(([eventId, seq]) => [appliedEventKey(eventId), seq]));
  for (const [key, seq] of fresh) set[`ap.${key}`] = seq;
  const kept = Object.entries(before?.ap ?? {}).filter(([key]) => !fresh.has(key));
  const surplus = kept.length + fresh.size - options.appliedPerDevice;
  if (surplus > 0) {
    kept.sort((a, b) => a[1] - b[1]);
    for (const [key] of kept.slice(0, surplus)) unset[`ap.${key}`] = '';
  }
  if (options.events !== undefined) set['ec'] = options.events;
  if (write.epoch !== write.epochBefore) set['bs'] = write.epoch;
  const setOnInsert = Object.fromEntries(
    Object.entries(write.setOnInsert).filter(([field]) => !(field in set)),
  );
  const update: Record<string, Record<string, unknown>> = { $set: set };
  if (Object.keys(unset).length > 0) update['$unset'] = unset;
  if (write.upsert && Object.keys(setOnInsert).length > 0) update['$setOnInsert'] = setOnInsert;
  return { updateOne: { filter: { _id: write.deviceId }, update, upsert: write.upsert } };
}

/** The fields of a parameter document that the update gives (merge: absent ones stay). */
export function parameterFields(
  deviceId: string,
  parameter: StoredParameter,
): Partial<ParameterDoc> {
  const fields: Partial<ParameterDoc> = { d: deviceId, p: parameter.path, o: parameter.object };
  const given = <K extends keyof ParameterDoc>(key: K, value: ParameterDoc[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
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

/** A parameter as read; `epoch` is its device's bootstrap count (DeviceDoc.bs). */
export function parameterOf(doc: ParameterDoc, epoch: number): StoredParameter {
  const parameter: StoredParameter = { path: doc.p, object: doc.o };
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
