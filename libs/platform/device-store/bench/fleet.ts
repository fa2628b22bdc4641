/**
 * The synthetic fleet of the device store benchmark: TR-181 trees of ~300 parameters and
 * Inform-shaped updates.
 */
import { DeviceUpdate, StoredParameter } from '../src';

export const PRODUCT_CLASSES = 20;
export const VERSIONS = 10;
export const deviceId = (i: number) =>
  `00D09E-HG${i % PRODUCT_CLASSES}-SN${String(i).padStart(8, '0')}`;
export const iso = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

/** ~300 TR-181 parameters shaped like a home gateway's tree. */
export function tree(i: number, at: string): StoredParameter[] {
  const out: StoredParameter[] = [];
  const add = (path: string, value: string | number | boolean, type: string) =>
    out.push({
      path,
      object: false,
      value,
      type,
      writable: path.includes('Enable'),
      valueAt: at,
      writableAt: at,
    });
  add('Device.DeviceInfo.SoftwareVersion', `v${i % VERSIONS}.0`, 'string');
  add('Device.DeviceInfo.UpTime', i * 7, 'unsignedInt');
  for (let k = 0; k < 18; k++) add(`Device.DeviceInfo.X_ACME_Info${k}`, `info-${k}-${i}`, 'string');
  for (let s = 1; s <= 8; s++) {
    out.push({ path: `Device.WiFi.SSID.${s}.`, object: true, writable: true, writableAt: at });
    add(`Device.WiFi.SSID.${s}.Enable`, s % 2 === 0, 'boolean');
    add(`Device.WiFi.SSID.${s}.SSID`, `net-${i}-${s}`, 'string');
    for (let k = 0; k < 7; k++)
      add(`Device.WiFi.SSID.${s}.Stats.Counter${k}`, i * k + s, 'unsignedLong');
  }
  for (let h = 1; h <= 10; h++) {
    add(`Device.Hosts.Host.${h}.IPAddress`, `192.168.1.${h}`, 'string');
    add(`Device.Hosts.Host.${h}.PhysAddress`, `a4:5e:60:${h}:${i % 256}:01`, 'string');
    add(`Device.Hosts.Host.${h}.Active`, h % 3 !== 0, 'boolean');
    for (let k = 0; k < 5; k++)
      add(`Device.Hosts.Host.${h}.X_ACME_Field${k}`, `${h}${k}${i}`, 'string');
  }
  for (let n = 1; n <= 4; n++) {
    for (let k = 0; k < 15; k++)
      add(`Device.IP.Interface.${n}.Stats.Field${k}`, i + n * k, 'unsignedInt');
  }
  for (let n = 1; n <= 4; n++) {
    for (let k = 0; k < 10; k++)
      add(`Device.Ethernet.Interface.${n}.Field${k}`, `eth${n}-${k}`, 'string');
  }
  for (let k = 0; k < 22; k++) add(`Device.ManagementServer.Field${k}`, `ms-${k}`, 'string');
  return out;
}

let eventCounter = 0;
/** Per run, so that a reused store does not take this run's updates for replays. */
const RUN = Date.now().toString(36);
export function update(i: number, atMs: number, parameters: StoredParameter[]): DeviceUpdate {
  const at = iso(atMs);
  const eventId = `bench-${RUN}-${++eventCounter}`;
  return {
    eventId,
    deviceId: deviceId(i),
    occurredAt: at,
    upsert: {
      oui: '00D09E',
      productClass: `HG${i % PRODUCT_CLASSES}`,
      serialNumber: `SN${String(i).padStart(8, '0')}`,
      manufacturer: 'Acme',
      dataModelRoot: 'Device.',
      lastInform: at,
      onlineUntil: iso(atMs + 600_000),
      online: true,
    },
    setParameters: parameters,
    addEvents: [
      {
        eventId,
        deviceId: deviceId(i),
        occurredAt: at,
        kind: 'inform',
        detail: { events: ['2 PERIODIC'] },
      },
    ],
  };
}

/** The 15 parameters a periodic Inform carries: most unchanged, uptime and counters moving. */
export function informParameters(i: number, atMs: number): StoredParameter[] {
  const valueAt = iso(atMs);
  const p = (path: string, value: string | number, type: string): StoredParameter => ({
    path,
    object: false,
    value,
    type,
    valueAt,
  });
  return [
    p('Device.DeviceInfo.SoftwareVersion', `v${i % VERSIONS}.0`, 'string'),
    p('Device.DeviceInfo.UpTime', Math.floor(atMs / 1000), 'unsignedInt'),
    ...[0, 1, 2, 3].map((k) => p(`Device.DeviceInfo.X_ACME_Info${k}`, `info-${k}-${i}`, 'string')),
    ...[0, 1, 2, 3].map((k) => p(`Device.ManagementServer.Field${k}`, `ms-${k}`, 'string')),
    p('Device.WiFi.SSID.1.SSID', `net-${i}-1`, 'string'),
    p('Device.WiFi.SSID.1.Stats.Counter0', atMs, 'unsignedLong'),
    p('Device.WiFi.SSID.1.Stats.Counter1', atMs * 2, 'unsignedLong'),
    p('Device.Hosts.Host.1.IPAddress', '192.168.1.1', 'string'),
    p('Device.IP.Interface.1.Stats.Field0', atMs, 'unsignedInt'),
  ];
}
