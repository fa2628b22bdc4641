import {
  deviceClassOf,
  deviceIdOf,
  type CredentialsProvider,
  type CredentialsQuery,
  type DeviceIdentity,
  type ExpectedCredentials,
} from '../../ports/credentials-provider';

export interface DeviceCredentials extends DeviceIdentity {
  username: string;
  password: string;
}

/** Credentials for a device class: OUI + ProductClass, or every device of an OUI. */
export interface DeviceClassCredentials {
  oui: string;
  /** Absent: every ProductClass of this OUI. */
  productClass?: string;
  username: string;
  password: string;
}

export interface CredentialsEntries {
  devices?: readonly DeviceCredentials[];
  deviceClasses?: readonly DeviceClassCredentials[];
}

export class DuplicateCredentialsError extends Error {
  override readonly name = 'DuplicateCredentialsError';
}

/**
 * Credentials held in memory, indexed by device id, by device class and by username. The most
 * specific entry wins for a device: its own, then OUI + ProductClass, then OUI alone.
 */
export class InMemoryCredentialsProvider implements CredentialsProvider {
  private readonly byDevice = new Map<string, ExpectedCredentials>();
  private readonly byClass = new Map<string, ExpectedCredentials>();
  private readonly byUsername = new Map<string, ExpectedCredentials[]>();

  constructor(entries: CredentialsEntries = {}) {
    for (const device of entries.devices ?? []) this.addDevice(device);
    for (const deviceClass of entries.deviceClasses ?? []) this.addDeviceClass(deviceClass);
  }

  addDevice(entry: DeviceCredentials): void {
    const id = deviceIdOf(entry);
    if (this.byDevice.has(id)) throw new DuplicateCredentialsError(`device ${id} is listed twice`);
    this.index(this.byDevice, id, { ...entry, source: `device:${id}` });
  }

  addDeviceClass(entry: DeviceClassCredentials): void {
    const key = classKey(entry.oui, entry.productClass);
    if (this.byClass.has(key)) {
      throw new DuplicateCredentialsError(`device class ${key} is listed twice`);
    }
    this.index(this.byClass, key, { ...entry, source: `class:${key}` });
  }

  async find(query: CredentialsQuery): Promise<readonly ExpectedCredentials[]> {
    if (query.device === undefined) return this.byUsername.get(query.username) ?? [];
    const entry = this.mostSpecificFor(query.device);
    return entry !== undefined && entry.username === query.username ? [entry] : [];
  }

  private mostSpecificFor(device: DeviceIdentity): ExpectedCredentials | undefined {
    return (
      this.byDevice.get(deviceIdOf(device)) ??
      this.byClass.get(deviceClassOf(device)) ??
      this.byClass.get(classKey(device.oui, undefined))
    );
  }

  private index(
    map: Map<string, ExpectedCredentials>,
    key: string,
    credentials: ExpectedCredentials,
  ): void {
    const stored = {
      username: credentials.username,
      password: credentials.password,
      source: credentials.source,
    };
    map.set(key, stored);
    const sameName = this.byUsername.get(stored.username) ?? [];
    sameName.push(stored);
    this.byUsername.set(stored.username, sameName);
  }
}

function classKey(oui: string, productClass: string | undefined): string {
  return productClass === undefined ? `${oui}-*` : deviceClassOf({ oui, productClass });
}
