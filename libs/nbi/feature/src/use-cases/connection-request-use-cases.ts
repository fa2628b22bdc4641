import type { WakeOutcome } from '@acs/provisioning-use-cases';

/** How waking a device ended (ConnectionRequestResult), or that provisioning does not know it. */
export type NbiWakeOutcome = WakeOutcome;

/**
 * Port: wakes a device with a connection request (provisioning's DeviceWakeUp). Device-side
 * failures are outcomes; `unknown-device` when the device store does not have it. The API runs
 * it through provisioning's RequestConnection and CreateTask use cases
 * (provisioning-operations.ts).
 */
export interface NbiConnectionRequests {
  wake(deviceId: string, reason?: string): Promise<NbiWakeOutcome>;
}
