export { Inventory } from './inventory';
export type { InventoryOptions, InventoryPorts } from './inventory';
export { InventoryModule, INVENTORY_OPTIONS } from './inventory.module';
export type { InventoryModuleAsyncOptions } from './inventory.module';
export { IngestSessionEvents } from './ingest-session-events';
export { DevicePosture } from './device-posture';
export type { IngestReport } from './ingest-session-events';
export { OfflineSweep } from './offline-sweep';
export { LifecyclePublisher } from './lifecycle-outbox';
export {
  inventorySettings,
  DEFAULT_INVENTORY_SETTINGS,
  InvalidInventorySettingsError,
} from './inventory-settings';
export type { InventorySettings } from './inventory-settings';
export { jsonLinesLog, nestJsonLog } from './inventory-log';
export type { InventoryLog } from './inventory-log';
export { WriteLock } from './write-lock';
export { ApplyDeviceChanges } from './apply-device-changes';
export type { DeviceChangesReport } from './apply-device-changes';
export { InventoryMetrics } from './metrics/inventory-metrics';
export { SecretValues } from './secret-values';
