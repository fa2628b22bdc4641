import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeviceStore } from '@acs/device-store';
import { UnavailableError } from '../errors/nbi-errors';
import { CONNECTION_REQUESTS, DEVICE_STORE } from '../tokens';
import { deviceExists, deviceNotFound } from './device-use-cases';

/** How waking a device ended (ConnectionRequestResult), or that provisioning does not know it. */
export interface NbiWakeOutcome {
  outcome: string;
  method: 'http' | 'udp' | null;
  detail?: string;
  retryAfterMs?: number;
  limit?: 'device' | 'global';
}

/**
 * Port: wakes a device with a connection request (provisioning's DeviceWakeUp). Device-side
 * failures are outcomes; `unknown-device` when the device store does not have it.
 */
export interface NbiConnectionRequests {
  wake(deviceId: string, reason?: string): Promise<NbiWakeOutcome>;
}

/** POST /devices/:deviceId/connection-request. */
@Injectable()
export class RequestConnection {
  constructor(
    @Inject(DEVICE_STORE) private readonly devices: DeviceStore,
    @Inject(CONNECTION_REQUESTS) private readonly connectionRequests: NbiConnectionRequests | null,
  ) {}

  async execute(deviceId: string): Promise<NbiWakeOutcome> {
    if (!this.connectionRequests) {
      throw new UnavailableError(
        'connection-requests-unavailable',
        'this API process is not configured to send connection requests',
      );
    }
    if (!(await deviceExists(this.devices, deviceId))) throw deviceNotFound(deviceId);
    const woken = await this.connectionRequests.wake(deviceId, 'api');
    // Deleted between the two reads.
    if (woken.outcome === 'unknown-device') throw deviceNotFound(deviceId);
    return woken;
  }
}

/**
 * Wakes the device of a task just queued with `connectionRequest: true`. The task is stored
 * whatever happens here: a platform failure (the rate limiter's Redis down) is logged and reported
 * as the outcome `error`, and the device runs the task at its next inform.
 */
@Injectable()
export class WakeForTask {
  private readonly logger = new Logger('NbiConnectionRequests');

  constructor(
    @Inject(CONNECTION_REQUESTS) private readonly connectionRequests: NbiConnectionRequests | null,
  ) {}

  /** null when this API process sends no connection requests (the flag is only stored). */
  async execute(deviceId: string): Promise<NbiWakeOutcome | null> {
    if (!this.connectionRequests) return null;
    try {
      return await this.connectionRequests.wake(deviceId, 'task');
    } catch (error) {
      this.logger.error(`connection request to ${deviceId} failed: ${(error as Error).message}`);
      return { outcome: 'error', method: null, detail: 'the platform could not send it' };
    }
  }
}
