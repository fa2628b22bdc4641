/**
 * The device store port: what inventory knows about each CPE, and what the operator API reads.
 * One contract suite (device-store.contract.ts) runs against every adapter: the embedded default
 * (SQLite on disk) and MongoDB.
 *
 * Times are ISO 8601 strings (UTC, with milliseconds) so that they sort and compare as text in
 * every adapter and travel through JSON unchanged.
 */

import type {
  DeviceEventRecord,
  DeviceFault,
  DeviceSummary,
  DeviceUpdate,
  StoredDevice,
} from '@acs/contracts';

/**
 * The device model (StoredDevice, StoredParameter, DeviceUpdate, ...) lives in `@acs/contracts`,
 * types only, so the domain libraries that compute and read it need not depend on this port;
 * it is re-exported here for the store's users.
 */
export type {
  ConnectionRequestInfo,
  DataModelRoot,
  DeviceEventRecord,
  DeviceFault,
  DeviceSummary,
  DeviceUpdate,
  DeviceUpsert,
  NewDeviceFault,
  ParameterData,
  PostureFinding,
  PostureSeverity,
  StoredDevice,
  StoredParameter,
} from '@acs/contracts';

export interface ApplyResult {
  applied: number;
  /** Updates whose eventId had been applied before. */
  duplicates: number;
  /**
   * Updates without `upsert` for a device the store does not know (deleted meanwhile): nothing
   * of them is stored, so a late event cannot bring back a deleted device as an empty shell.
   */
  ignored: number;
}

/** An event to look up among those applied: its id and the device it was for. */
export interface AppliedEventQuery {
  deviceId: string;
  eventId: string;
}

/**
 * A MongoDB-style filter over a device (see query-filter.ts for the fields and operators
 * allowed). Parameter values are addressed as `parameters.<path>` (e.g.
 * `parameters.Device.DeviceInfo.SoftwareVersion`), matching the parameter's value.
 */
export type DeviceFilter = Record<string, unknown>;

export interface DeviceQuery {
  filter: DeviceFilter;
  /**
   * Summary fields, `parameters`, or `parameters.<path>` (that parameter, or the object and
   * everything under it) to include; deviceId always is. Absent: the whole device.
   */
  projection?: string[];
  /**
   * Field → 1 (ascending) or -1; over summary fields, missing values first when ascending.
   * Ties broken by deviceId.
   */
  sort?: Record<string, 1 | -1>;
  /** 0 to 10,000 (`MAX_PAGE_SIZE`); 0 with `withTotal` only counts. */
  limit: number;
  /** Offset paging... */
  skip?: number;
  /**
   * ...or cursor paging: the opaque `nextCursor` of the previous page, valid with the same sort
   * (and filter). A skip given with a cursor counts from the cursor.
   */
  cursor?: string;
  /** Count all matches (costs a second query). */
  withTotal?: boolean;
}

/** A device as a projection returns it: deviceId and whichever fields were asked for. */
export type ProjectedDevice = Pick<StoredDevice, 'deviceId'> & Partial<StoredDevice>;

export interface DevicePage<D extends ProjectedDevice = StoredDevice> {
  devices: D[];
  total?: number;
  /** Present when more matches follow this page. */
  nextCursor?: string;
}

/** Bounds the adapters enforce. */
export const MAX_PAGE_SIZE = 10_000;
export const MAX_TAGS_PER_DEVICE = 100;

export interface DeviceStore {
  /**
   * Applies the updates in order. A malformed one (`InvalidDeviceUpdateError`) fails the batch
   * before anything is written. Embedded: one transaction, durable once resolved. MongoDB: bulk
   * writes that a redelivery after a crash can replay without harm.
   */
  applyBatch(updates: DeviceUpdate[]): Promise<ApplyResult>;
  /**
   * The device with its whole tree, or only `subtree`: that parameter, or that object and
   * everything under it (`Device.WiFi.` and `Device.WiFi` alike; `Device.WiFi.SSID.1` does not
   * take `Device.WiFi.SSID.10`).
   */
  get(deviceId: string, options?: { subtree?: string }): Promise<StoredDevice | null>;
  /**
   * Throws `InvalidFilterError` (query-filter.ts) for a filter, projection, sort, limit or cursor
   * it does not accept. Without a projection, whole devices.
   */
  find(query: DeviceQuery & { projection?: undefined }): Promise<DevicePage<StoredDevice>>;
  find(query: DeviceQuery): Promise<DevicePage<ProjectedDevice>>;
  /** Removes the device, its parameters, events and faults; false when it did not exist. */
  delete(deviceId: string): Promise<boolean>;
  /**
   * Adds and removes tags on every device matching the filter (a tag in both lists ends up
   * present); returns how many matched. Tags are 1-128 characters without control characters;
   * a device holds at most `MAX_TAGS_PER_DEVICE`: a change that would take any matched device
   * over fails whole (`InvalidTagsError`) and changes nothing. Stored tags come back sorted.
   */
  updateTags(filter: DeviceFilter, add: string[], remove: string[]): Promise<number>;
  /**
   * Which of these events the store remembers applying (the redelivery memory `applyBatch`
   * counts duplicates by), in one read for a batch: a consumer reads the records of those only.
   */
  appliedEvents(events: readonly AppliedEventQuery[]): Promise<Set<string>>;
  /** Newest first (by occurredAt, then by arrival); at most the newest N per device are kept. */
  recentEvents(deviceId: string, limit: number): Promise<DeviceEventRecord[]>;
  /** Open faults, newest first. */
  listFaults(query: { deviceId?: string; limit: number; skip?: number }): Promise<DeviceFault[]>;
  /** The open fault with this id, or null. */
  fault(faultId: string): Promise<DeviceFault | null>;
  /** Removes the fault: the next one of that code and source starts a new count. */
  clearFault(faultId: string): Promise<boolean>;
  /**
   * Devices marked online whose onlineUntil is before `now`, soonest expired first, for the sweep
   * that announces them offline. A device online without an onlineUntil never expires here.
   */
  expiredOnline(now: string, limit: number): Promise<DeviceSummary[]>;
  close(): Promise<void>;
}

/**
 * What every context but inventory may do with the device store: read. Inventory owns the device
 * documents; the others change them through it (`InventoryWrites` in @acs/inventory-writes).
 */
export type DeviceReads = Pick<
  DeviceStore,
  'get' | 'find' | 'recentEvents' | 'listFaults' | 'fault'
>;
