/**
 * The writes that apply a batch of DeviceUpdates to the Mongo layout: targeted $set,
 * $setOnInsert and $inc, never whole documents. Pure, so it is tested without a server.
 *
 * Without a multi-document transaction a crash can leave a batch half-written. Each device's
 * document is written last, with the eventIds it absorbed (`ap`): until then the batch counts as
 * not applied, is redelivered and applied again. Every write here gives the same result when
 * replayed: $set of the same values, events keyed by eventId, fault counts guarded by the last
 * counted faultId.
 */
import type { AnyBulkWriteOperation } from 'mongoose';
import { DeviceUpdate, StoredParameter } from '../device-store';
import { subtreeBase } from '../query/fields';
import {
  DeviceDoc,
  deviceTreeRange,
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
}

export interface WritePlan {
  devices: Map<string, DeviceWrite>;
  /** Ordered: per device, markAllStale, then deletions, then sets. */
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

/**
 * Adds one update's writes; `nextSeq` numbers its events and its eventId in arrival order.
 * `indexed` are the parameter paths whose values the device document carries.
 */
export function planUpdate(
  plan: WritePlan,
  update: DeviceUpdate,
  nextSeq: () => number,
  indexed: ReadonlySet<string>,
): void {
  const { deviceId, upsert } = update;
  const device = deviceWrite(plan, deviceId);
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
  if (update.markAllStale) {
    plan.parameters.push({
      updateMany: { filter: { _id: deviceTreeRange(deviceId) }, update: { $set: { s: true } } },
    });
  }
  for (const selector of update.deleteSubtrees ?? []) {
    const base = subtreeBase(selector);
    plan.parameters.push({ deleteMany: { filter: subtreeCondition(deviceId, base) } });
    for (const path of indexed) {
      if (path === base || path.startsWith(`${base}.`))
        device.values.set(indexedValueKey(path), REMOVED);
    }
  }
  for (const parameter of update.setParameters ?? []) {
    plan.parameters.push({
      updateOne: {
        filter: { _id: parameterKey(deviceId, parameter.path) },
        update: { $set: parameterFields(deviceId, parameter) },
        upsert: true,
      },
    });
    if (parameter.value !== undefined && indexed.has(parameter.path))
      device.values.set(indexedValueKey(parameter.path), parameter.value);
  }
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

function deviceWrite(plan: WritePlan, deviceId: string): DeviceWrite {
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
    };
    plan.devices.set(deviceId, device);
  }
  return device;
}

/** What the store read of a device document before writing. */
export interface DeviceBefore {
  ap: Record<string, number>;
  ec?: number;
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

export function parameterOf(doc: ParameterDoc): StoredParameter {
  const parameter: StoredParameter = { path: doc.p, object: doc.o };
  if (doc.v !== undefined) parameter.value = doc.v;
  if (doc.t !== undefined) parameter.type = doc.t;
  if (doc.w !== undefined) parameter.writable = doc.w;
  if (doc.n !== undefined) parameter.notification = doc.n;
  if (doc.a !== undefined) parameter.accessList = doc.a;
  if (doc.va !== undefined) parameter.valueAt = doc.va;
  if (doc.wa !== undefined) parameter.writableAt = doc.wa;
  if (doc.aa !== undefined) parameter.attributesAt = doc.aa;
  if (doc.s !== undefined) parameter.stale = doc.s;
  return parameter;
}
