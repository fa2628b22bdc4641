/**
 * Builders for the contract suite: updates shaped like the ones inventory derives from sessions.
 */
import { DeviceStore, DeviceUpdate, StoredParameter } from '../device-store';

export interface ContractContext {
  /** A fresh, empty store for the running test. */
  store(): DeviceStore;
  /** The events-per-device bound the store was opened with. */
  eventsPerDevice: number;
}

let counter = 0;
/** Unique across the run, so stores that share a database never see each other's ids. */
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** `unique` for several prefixes at once, typed as a tuple of the same length. */
export function uniques<const T extends readonly string[]>(
  ...prefixes: T
): { [K in keyof T]: string } {
  return prefixes.map(unique) as { [K in keyof T]: string };
}

const EPOCH = Date.UTC(2026, 0, 1);
/** `2026-01-01T00:00:00.000Z` plus `seconds`. */
export const at = (seconds: number): string => new Date(EPOCH + seconds * 1000).toISOString();

export const leaf = (
  path: string,
  value: StoredParameter['value'],
  extra: Partial<StoredParameter> = {},
): StoredParameter => ({
  path,
  object: false,
  value,
  type:
    typeof value === 'number' ? 'unsignedInt' : typeof value === 'boolean' ? 'boolean' : 'string',
  ...extra,
});

export const object = (path: string): StoredParameter => ({ path, object: true });

export interface InformOptions {
  at?: number;
  oui?: string;
  productClass?: string;
  serialNumber?: string;
  parameters?: StoredParameter[];
  extra?: Partial<DeviceUpdate>;
}

/** What a periodic Inform teaches: identity, last inform, online state, a few parameters. */
export function inform(deviceId: string, options: InformOptions = {}): DeviceUpdate {
  const seconds = options.at ?? 0;
  const eventId = unique('event');
  return {
    eventId,
    deviceId,
    occurredAt: at(seconds),
    upsert: {
      oui: options.oui ?? '00D09E',
      productClass: options.productClass ?? 'HG8245',
      serialNumber: options.serialNumber ?? deviceId,
      manufacturer: 'Acme',
      dataModelRoot: 'Device.',
      lastInform: at(seconds),
      periodicInformInterval: 300,
      onlineUntil: at(seconds + 600),
      online: true,
      connectionRequest: { url: 'http://10.0.0.1:7547/cr', username: 'cr' },
    },
    setParameters: options.parameters ?? [
      leaf('Device.DeviceInfo.SoftwareVersion', '1.0.3', { valueAt: at(seconds) }),
      leaf('Device.DeviceInfo.UpTime', 1200, { valueAt: at(seconds) }),
    ],
    addEvents: [
      {
        eventId,
        deviceId,
        occurredAt: at(seconds),
        kind: 'inform',
        detail: { events: ['2 PERIODIC'] },
      },
    ],
    ...options.extra,
  };
}

/** An update carrying only `changes`, for a device that exists. */
export function change(
  deviceId: string,
  seconds: number,
  changes: Partial<DeviceUpdate>,
): DeviceUpdate {
  return { eventId: unique('event'), deviceId, occurredAt: at(seconds), ...changes };
}

export const ids = (devices: readonly { deviceId: string }[]): string[] =>
  devices.map((device) => device.deviceId);
