/**
 * The bulk writes that apply a batch of DeviceUpdates to the Mongo layout: targeted $set,
 * $setOnInsert and $inc, never whole documents. Pure, so it is tested without a server.
 *
 * Without a multi-document transaction a crash can leave a batch half-written with its eventIds
 * not yet recorded; the batch is then redelivered and applied again. Every write here gives the
 * same result when replayed: $set of the same values, events keyed by eventId, fault counts
 * guarded by the last counted faultId.
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
  subtreeCondition,
} from './documents';

export interface WritePlan {
  devices: AnyBulkWriteOperation<DeviceDoc>[];
  /** Ordered: per device, markAllStale, then deletions, then sets. */
  parameters: AnyBulkWriteOperation<ParameterDoc>[];
  events: EventDoc[];
  faults: AnyBulkWriteOperation<FaultDoc>[];
  /** Devices that got events, to trim to the newest N. */
  devicesWithEvents: string[];
}

export function emptyPlan(): WritePlan {
  return { devices: [], parameters: [], events: [], faults: [], devicesWithEvents: [] };
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

/** Adds one update's writes; `nextSeq` numbers its events in arrival order. */
export function planUpdate(plan: WritePlan, update: DeviceUpdate, nextSeq: () => number): void {
  const { deviceId, upsert } = update;
  if (upsert) {
    const set: Record<string, unknown> = {};
    for (const field of UPSERT_FIELDS) if (upsert[field] !== undefined) set[field] = upsert[field];
    const defaults: Record<string, unknown> = {
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
    const setOnInsert = Object.fromEntries(Object.entries(defaults).filter(([k]) => !(k in set)));
    plan.devices.push({
      updateOne: {
        filter: { _id: deviceId },
        update: { $set: set, $setOnInsert: setOnInsert },
        upsert: true,
      },
    });
  }
  if (update.markAllStale) {
    plan.parameters.push({
      updateMany: { filter: { _id: deviceTreeRange(deviceId) }, update: { $set: { s: true } } },
    });
  }
  for (const selector of update.deleteSubtrees ?? []) {
    plan.parameters.push({
      deleteMany: { filter: subtreeCondition(deviceId, subtreeBase(selector)) },
    });
  }
  for (const parameter of update.setParameters ?? []) {
    plan.parameters.push({
      updateOne: {
        filter: { _id: parameterKey(deviceId, parameter.path) },
        update: { $set: parameterFields(deviceId, parameter) },
        upsert: true,
      },
    });
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
  });
  if (update.addEvents?.length && !plan.devicesWithEvents.includes(deviceId)) {
    plan.devicesWithEvents.push(deviceId);
  }
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
