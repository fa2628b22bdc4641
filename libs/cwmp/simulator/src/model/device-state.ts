import type { CpeRequest, EventStruct, Inform } from '@acs/cwmp-codec';
import { Profile } from './profile';
import { RawValue } from './schema';

export interface Attribute {
  notification: number;
  accessList: readonly string[];
}

/** A Download, ScheduleDownload or Upload the CPE accepted and has not reported yet. */
export interface QueuedTransfer {
  kind: 'Download' | 'ScheduleDownload' | 'Upload';
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
  fileSize: number;
  targetFileName: string;
  /** Seconds after acceptance (Download, Upload) or window start (ScheduleDownload). */
  delaySeconds: number;
  /** 1 not yet started, 2 in progress (TR-069 QueuedTransferStruct State). */
  state: 1 | 2;
}

/** Requests the CPE owes the ACS at the start of its next session (any CPE method but Inform). */
export type OwedRequest = Exclude<CpeRequest, Inform>;

export interface DeploymentUnit {
  uuid: string;
  url: string;
  version: string;
  /** Its row in `<root>SoftwareModules.DeploymentUnit.`, once it has one. */
  instance?: number;
}

/**
 * Everything one simulated CPE remembers, as an immutable value: RPC handlers return a new state
 * and never touch the old one. Maps start out as shared empty maps and hold only what differs
 * from the profile (copy-on-write), which is what keeps 10,000 devices in one process small.
 */
export interface DeviceState {
  readonly profile: Profile;
  readonly serial: string;
  readonly ordinal: number;
  /** Values set when the device was built (ACS URL, credentials): restored by a factory reset. */
  readonly factoryValues: ReadonlyMap<string, RawValue>;
  /** Values that differ from the profile defaults, by concrete path. */
  readonly values: ReadonlyMap<string, RawValue>;
  /** Instance lists that differ from the profile's, by concrete table path. */
  readonly instances: ReadonlyMap<string, readonly number[]>;
  /** Next instance number of a table once AddObject has been used on it. */
  readonly nextInstance: ReadonlyMap<string, number>;
  readonly attributes: ReadonlyMap<string, Attribute>;
  /** Events not yet delivered by a successful session (CWMP event retention). */
  readonly pendingEvents: readonly EventStruct[];
  readonly owedRequests: readonly OwedRequest[];
  /** Parameters with notification on whose value changed locally since the last delivered Inform. */
  readonly valueChanges: readonly string[];
  readonly queuedTransfers: readonly QueuedTransfer[];
  readonly deploymentUnits: readonly DeploymentUnit[];
}

const EMPTY = new Map<never, never>();

export function emptyMap<K, V>(): ReadonlyMap<K, V> {
  return EMPTY as ReadonlyMap<K, V>;
}

/**
 * The one empty list every device state shares: an idle device has no events, requests, changes,
 * transfers or units, and 10,000 of them each holding five empty arrays of their own cost ~1.6 MB.
 */
export const NO_ITEMS: readonly never[] = Object.freeze([]);

const FIRST_CONTACT_EVENTS: readonly EventStruct[] = Object.freeze([
  { eventCode: '0 BOOTSTRAP', commandKey: '' },
  { eventCode: '1 BOOT', commandKey: '' },
]);
const BOOT_EVENTS: readonly EventStruct[] = Object.freeze([
  { eventCode: '1 BOOT', commandKey: '' },
]);

/**
 * Whether the device of `ordinal` has never talked to this ACS, when `share` of a fleet has not:
 * spread evenly over the ordinals (with 0.1, every tenth), the same in every process that asks.
 */
export function isFirstContact(ordinal: number, share: number): boolean {
  return Math.floor((ordinal + 1) * share) > Math.floor(ordinal * share);
}

/**
 * A device as it powers up: fresh from the factory (its first session carries `0 BOOTSTRAP` and
 * `1 BOOT`), or with `firstContact` false one the ACS already knows, back after a power cut
 * (`1 BOOT` only).
 */
export function createDeviceState(
  profile: Profile,
  serial: string,
  ordinal: number,
  factoryValues: ReadonlyMap<string, RawValue> = emptyMap(),
  firstContact = true,
): DeviceState {
  return {
    profile,
    serial,
    ordinal,
    factoryValues,
    values: factoryValues,
    instances: emptyMap(),
    nextInstance: emptyMap(),
    attributes: emptyMap(),
    pendingEvents: firstContact ? FIRST_CONTACT_EVENTS : BOOT_EVENTS,
    owedRequests: NO_ITEMS,
    valueChanges: NO_ITEMS,
    queuedTransfers: NO_ITEMS,
    deploymentUnits: NO_ITEMS,
  };
}

/** Adds an event unless the same (code, CommandKey) is already pending: events are sets. */
export function withEvent(state: DeviceState, eventCode: string, commandKey = ''): DeviceState {
  const duplicate = state.pendingEvents.some(
    (event) => event.eventCode === eventCode && event.commandKey === commandKey,
  );
  if (duplicate) return state;
  return { ...state, pendingEvents: [...state.pendingEvents, { eventCode, commandKey }] };
}

/** Copy-on-write update of one map entry (`undefined` deletes). */
export function mapWith<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined): Map<K, V> {
  const copy = new Map(map);
  if (value === undefined) copy.delete(key);
  else copy.set(key, value);
  return copy;
}
