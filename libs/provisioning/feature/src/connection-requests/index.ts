export type { ConnectionRequestSettings } from './connection-request-settings';
export { DeviceWakeUp, CONNECTION_REQUEST_EVENT } from './device-wake-up';
export type { WakeOutcome, ConnectionRequester, DeviceWakeUpDependencies } from './device-wake-up';
export { ConnectionRequestRuntime } from './connection-request-runtime';
export type { ConnectionRequestRuntimeOptions } from './connection-request-runtime';
export { PresetWakeWaves, REAL_CLOCK } from './preset-wake-waves';
export type {
  PresetWakeWavesOptions,
  WakeDevice,
  WaveClock,
  WaveSummary,
} from './preset-wake-waves';
