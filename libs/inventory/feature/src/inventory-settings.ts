import { checkOnlinePolicy, DEFAULT_ONLINE_POLICY, type OnlinePolicy } from '@acs/inventory-domain';

export interface InventorySettings {
  /** When a device stops counting as online (see OnlinePolicy). */
  online: OnlinePolicy;
  /** How often the offline sweep looks for devices past their online deadline. */
  sweepIntervalMs: number;
  /** Devices announced offline per store round trip of a sweep. */
  sweepBatchSize: number;
  /** Devices of one batch read from the store at the same time. */
  readConcurrency: number;
}

export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = {
  online: DEFAULT_ONLINE_POLICY,
  sweepIntervalMs: 30_000,
  sweepBatchSize: 500,
  readConcurrency: 8,
};

export class InvalidInventorySettingsError extends RangeError {
  override readonly name = 'InvalidInventorySettingsError';
}

/** Defaults for what is not given; throws InvalidInventorySettingsError naming what is wrong. */
export function inventorySettings(given: Partial<InventorySettings> = {}): InventorySettings {
  const settings = { ...DEFAULT_INVENTORY_SETTINGS, ...given };
  checkOnlinePolicy(settings.online);
  for (const name of ['sweepIntervalMs', 'sweepBatchSize', 'readConcurrency'] as const) {
    const value = settings[name];
    if (!Number.isInteger(value) || value < 1)
      throw new InvalidInventorySettingsError(`${name} must be a positive integer, got ${value}`);
  }
  return settings;
}
