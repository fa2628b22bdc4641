import type { CpeRequest, CpeResponse, Fault, Inform } from '@acs/cwmp-codec';

/**
 * The shapes this library reads and writes, mirrored from `@acs/contracts` (session events,
 * lifecycle events) and `@acs/device-store` (the device store port). A `type:domain` library may
 * import neither (module boundaries); the inventory feature passes values between them and this
 * library, so TypeScript checks there that the mirrors still fit, field by field.
 */

// ---- input: session events of `cwmp.session-events` (contracts) ----

interface SessionEventBase {
  schemaVersion: 1;
  eventId: string;
  deviceId: string;
  sessionId: string;
  occurredAt: string;
  gatewayPod: string;
}

export interface SessionOpenedInput extends SessionEventBase {
  type: 'SessionOpened';
  cwmpVersion: string;
  remoteAddress: string;
  inform: Inform;
}

export interface CpeRequestInput extends SessionEventBase {
  type: 'CpeRequest';
  request: Exclude<CpeRequest, Inform>;
}

export interface RpcResultInput extends SessionEventBase {
  type: 'RpcResult';
  rpcId: string;
  method: string;
  result: { kind: 'response'; response: CpeResponse } | { kind: 'fault'; fault: Fault };
}

export interface SessionClosedInput extends SessionEventBase {
  type: 'SessionClosed';
  /** `completed`, `timeout`, `taken-over`, ...: new reasons must not break this library. */
  reason: string;
  durationMs: number;
  rpcCount: number;
}

export type SessionEventInput =
  | SessionOpenedInput
  | CpeRequestInput
  | RpcResultInput
  | SessionClosedInput;

// ---- what inventory knows and writes (device-store port) ----

export type DataModelRoot = 'Device.' | 'InternetGatewayDevice.';

export type ParameterData = string | number | boolean | null;

export interface StoredParameter {
  path: string;
  object: boolean;
  value?: ParameterData;
  type?: string;
  writable?: boolean;
  notification?: number;
  accessList?: string[];
  valueAt?: string;
  writableAt?: string;
  attributesAt?: string;
  stale?: boolean;
}

export interface ConnectionRequestInfo {
  url?: string;
  username?: string;
  password?: string;
  udpAddress?: string;
}

/** The part of a stored device the learning functions read (a StoredDevice fits). */
export interface KnownDevice {
  deviceId: string;
  dataModelRoot: DataModelRoot | null;
  lastInform: string;
  periodicInformInterval?: number;
  onlineUntil?: string;
  online: boolean;
  connectionRequest: ConnectionRequestInfo;
  parameters: Record<string, StoredParameter>;
}

export interface DeviceEventRecord {
  eventId: string;
  deviceId: string;
  occurredAt: string;
  kind: string;
  detail: Record<string, unknown>;
}

export interface NewDeviceFault {
  faultId: string;
  deviceId: string;
  code: string;
  message: string;
  source: string;
  occurredAt: string;
}

export interface DeviceUpsert {
  oui?: string;
  productClass?: string;
  serialNumber?: string;
  manufacturer?: string;
  dataModelRoot?: DataModelRoot | null;
  lastInform?: string;
  lastBoot?: string;
  lastBootstrap?: string;
  periodicInformInterval?: number;
  onlineUntil?: string;
  online?: boolean;
  connectionRequest?: ConnectionRequestInfo;
}

/** Targeted changes to one device, applied by the store at most once per `eventId`. */
export interface DeviceUpdate {
  eventId: string;
  deviceId: string;
  occurredAt: string;
  upsert?: DeviceUpsert;
  markAllStale?: boolean;
  setParameters?: StoredParameter[];
  deleteSubtrees?: string[];
  addEvents?: DeviceEventRecord[];
  addFaults?: NewDeviceFault[];
}

// ---- output: lifecycle events of `acs.events` (contracts) ----

interface LifecycleBase {
  schemaVersion: 1;
  eventId: string;
  deviceId: string;
  occurredAt: string;
  sourceEventId?: string;
}

export type LifecycleEvent = LifecycleBase &
  (
    | {
        type: 'DeviceRegistered';
        oui: string;
        productClass: string;
        serialNumber: string;
        manufacturer: string;
        dataModelRoot: DataModelRoot | null;
      }
    | { type: 'DeviceBooted'; eventCodes: string[] }
    | { type: 'DeviceBootstrapped'; eventCodes: string[] }
    | {
        type: 'DeviceParametersChanged';
        changes: { path: string; oldValue: ParameterData; newValue: ParameterData }[];
      }
    | { type: 'DeviceCameOnline'; onlineUntil: string }
    | { type: 'DeviceWentOffline'; lastInform: string }
  );

/** What one session event teaches: the store update (none when nothing is to be kept) and the events. */
export interface Learned {
  update: DeviceUpdate | null;
  lifecycle: LifecycleEvent[];
}
