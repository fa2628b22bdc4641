import {
  ConnectionRequestService,
  HttpConnectionRequester,
  StunServer,
  UdpConnectionRequester,
  type ConnectionRequestRateLimiter,
} from '@acs/connection-request';
import type { DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import type { ProvisioningLog } from '../ports';
import type { ConnectionRequestSettings } from './connection-request-settings';
import { DeviceWakeUp } from './device-wake-up';

export interface ConnectionRequestRuntimeOptions {
  settings: ConnectionRequestSettings;
  /** RedisRateLimiter when several pods send; InMemoryRateLimiter in one process. */
  rateLimiter: ConnectionRequestRateLimiter;
  /** Where to reach each device. */
  devices: DeviceReads;
  /** Records each wake-up in the device's history, through inventory. */
  inventory: InventoryWrites;
  log: ProvisioningLog;
}

/**
 * Everything that wakes devices, put together once per process: the STUN server (when a port is
 * configured; TR-111 UDP requests then leave from its socket, the source CPEs' NAT bindings let
 * through), the HTTP and UDP requesters, the rate limits, and DeviceWakeUp over them.
 */
export class ConnectionRequestRuntime {
  readonly wakeUp: DeviceWakeUp;
  readonly stun: StunServer | undefined;
  private readonly udp: UdpConnectionRequester;

  constructor(private readonly options: ConnectionRequestRuntimeOptions) {
    const { settings } = options;
    this.stun =
      settings.stunPort === 0
        ? undefined
        : new StunServer({ port: settings.stunPort, host: settings.stunHost });
    this.udp = new UdpConnectionRequester(this.stun ? { sender: this.stun } : {});
    const service = new ConnectionRequestService({
      http: new HttpConnectionRequester({
        timeoutMs: settings.timeoutMs,
        allowBasic: settings.allowBasic,
      }),
      udp: this.udp,
      rateLimiter: options.rateLimiter,
    });
    this.wakeUp = new DeviceWakeUp({
      devices: options.devices,
      inventory: options.inventory,
      requester: service,
      log: options.log,
    });
  }

  async start(): Promise<void> {
    if (!this.stun) return;
    await this.stun.start();
    const { address, port } = this.stun.address();
    this.options.log.info('stun server listening', { address, port });
  }

  async stop(): Promise<void> {
    this.wakeUp.stop();
    await this.stun?.stop();
    await this.udp.close();
  }
}
