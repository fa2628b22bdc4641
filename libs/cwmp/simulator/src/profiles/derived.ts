import { ValueContext } from '../model/schema';

/**
 * Values derived from a device's ordinal, so every simulated device differs the way real ones do
 * (MAC addresses, WAN addresses) without storing anything per device.
 */
export function macAddress(ordinal: number, port: number): string {
  const bytes = [
    0x02,
    0x53,
    (ordinal >>> 16) & 0xff,
    (ordinal >>> 8) & 0xff,
    ordinal & 0xff,
    port & 0xff,
  ];
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

/** An address in 100.64.0.0/10 (carrier-grade NAT space): unique per ordinal up to 4 million. */
export function wanAddress(ordinal: number): string {
  const value = 0x64400000 + (ordinal % 0x3ffffe) + 1;
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

export function instance(context: ValueContext, level = -1): number {
  return context.instances.at(level) ?? 1;
}

/** The simulator's fixed notion of "when this device last booted": stable across reads. */
export const BOOT_TIME = '2026-01-01T00:00:00Z';
