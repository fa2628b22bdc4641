/**
 * The device model: what inventory knows about each CPE, as the device store keeps it. Inventory
 * writes it (its domain computes the `DeviceUpdate`s, the store applies them); provisioning and
 * the operator API read it. Types only, no schema and no I/O: the store port and its adapters
 * live in `@acs/device-store`, which re-exports these, and the domain libraries read them here.
 *
 * Times are ISO 8601 strings (UTC, with milliseconds) so that they sort and compare as text in
 * every adapter and travel through JSON unchanged.
 */

export type DataModelRoot = 'Device.' | 'InternetGatewayDevice.';

/** A stored parameter value: xsd numbers as numbers, 64-bit integers as strings. */
export type ParameterData = string | number | boolean | null;

/** One parameter or object node of a device's tree, as the ACS last learned it. */
export interface StoredParameter {
  /** Full path; objects end with a dot (`Device.WiFi.SSID.1.`). */
  path: string;
  object: boolean;
  /** Absent until learned (GPN teaches the name and writability only). */
  value?: ParameterData;
  /** The xsd type the CPE gave, without prefix (`string`, `unsignedInt`, `dateTime`, ...). */
  type?: string;
  writable?: boolean;
  /** 0 off, 1 passive, 2 active (TR-069 SetParameterAttributes). */
  notification?: number;
  accessList?: string[];
  /** When each attribute group was learned; a refresh policy compares against these. */
  valueAt?: string;
  writableAt?: string;
  attributesAt?: string;
  /** Set by 0 BOOTSTRAP: the device was reset, what we knew may no longer hold. */
  stale?: boolean;
  /**
   * Never stored: the operator API's views set it on a secret parameter (a password, passphrase
   * or key), whose value they show as a mask; the reveal route gives the value.
   */
  secret?: boolean;
}

export interface ConnectionRequestInfo {
  url?: string;
  username?: string;
  password?: string;
  /** TR-111 UDPConnectionRequestAddress (host:port), when the CPE reports one. */
  udpAddress?: string;
}

export interface DeviceSummary {
  deviceId: string;
  oui: string;
  productClass: string;
  serialNumber: string;
  manufacturer: string;
  dataModelRoot: DataModelRoot | null;
  tags: string[];
  firstSeen: string;
  lastInform: string;
  lastBoot?: string;
  lastBootstrap?: string;
  /** PeriodicInformInterval in seconds, when known: drives the online state. */
  periodicInformInterval?: number;
  /** The device counts as online until this time (last inform plus a margin over the interval). */
  onlineUntil?: string;
  online: boolean;
  connectionRequest: ConnectionRequestInfo;
  /** The security posture inventory last assessed, most severe first; absent before the first. */
  posture?: PostureFinding[];
}

export interface StoredDevice extends DeviceSummary {
  /** Keyed by path. Only the requested subtree when a get names one. */
  parameters: Record<string, StoredParameter>;
}

export interface DeviceEventRecord {
  eventId: string;
  deviceId: string;
  occurredAt: string;
  /** e.g. `inform`, `session-closed`, `rpc-result`, `transfer-complete`. */
  kind: string;
  detail: Record<string, unknown>;
}

export interface DeviceFault {
  faultId: string;
  deviceId: string;
  /** CWMP fault code (9000-9899, 8000-8899) or a platform code such as `session-timeout`. */
  code: string;
  message: string;
  /** Which RPC or task it came from, when known. */
  source: string;
  occurredAt: string;
  /** How many times the same code recurred from the same source before it was cleared. */
  count: number;
}

/** A fault as it is raised: the store counts recurrences. */
export type NewDeviceFault = Omit<DeviceFault, 'count'>;

/** The summary fields an update sets: identity, times, online state, connection request. */
export type DeviceUpsert = Partial<
  Pick<
    DeviceSummary,
    | 'oui'
    | 'productClass'
    | 'serialNumber'
    | 'manufacturer'
    | 'dataModelRoot'
    | 'lastInform'
    | 'lastBoot'
    | 'lastBootstrap'
    | 'periodicInformInterval'
    | 'onlineUntil'
    | 'online'
    | 'connectionRequest'
  >
>;

/**
 * What inventory learned from one session event, as targeted changes. Applied at most once per
 * `eventId`: a redelivered event changes nothing (`applyBatch` reports it as a duplicate).
 */
export interface DeviceUpdate {
  eventId: string;
  deviceId: string;
  occurredAt: string;
  /** Creates the device when unknown; identity fields are overwritten when given. */
  upsert?: DeviceUpsert;
  /** Marks every stored parameter stale (0 BOOTSTRAP) before `setParameters` applies. */
  markAllStale?: boolean;
  /**
   * Merged into the stored parameters: given fields overwrite, absent fields stay (so a value
   * re-learned after `markAllStale` stays stale unless the entry says `stale: false`).
   */
  setParameters?: StoredParameter[];
  /**
   * Removes these paths and, for objects (trailing dot), everything under them. Applied after
   * `markAllStale` and before `setParameters`, so one update can replace an object's contents.
   */
  deleteSubtrees?: string[];
  addEvents?: DeviceEventRecord[];
  /**
   * An open fault with the same code and source on the device is a recurrence: its count goes up,
   * its message and occurredAt become the new ones, and it keeps its first faultId.
   */
  addFaults?: NewDeviceFault[];
  /**
   * Replaces the device's posture findings. Like every field but `upsert`, it never creates a
   * device: for one the store does not hold, the update is ignored.
   */
  posture?: PostureFinding[];
}

/** How bad a security-posture finding is, least to worst. */
export type PostureSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * What the platform sees of a device that weakens its security (inventory assesses it; see
 * `@acs/inventory-posture`). `id` is stable (`acs-url-http`, ...): the device's tag
 * `posture:<id>` carries it for presets and filters. `evidence` holds the values the finding
 * rests on, never a secret's value.
 */
export interface PostureFinding {
  id: string;
  severity: PostureSeverity;
  evidence: Record<string, string | number | boolean | string[]>;
}
