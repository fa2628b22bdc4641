import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  SessionCloseReason,
  SessionClosed,
  SessionEvent,
  SessionOpened,
} from '@acs/contracts';
import { EmbeddedDeviceStore, type DeviceStore } from '@acs/device-store';
import { InProcessEventBus, type ConsumedMessage } from '@acs/event-bus';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import {
  InMemoryPendingWorkMarker,
  InMemorySessionProgressStore,
} from '@acs/provisioning-progress-store';
import type { OutboxEntry } from '@acs/contracts';
import { InMemorySessionStore } from '@acs/session-store';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { inventoryWritesMarkingWork, taskStoreMarkingWork } from '../pending-work/marking-stores';
import { StoredPresetSource } from '../presets/stored-preset-source';
import { Provisioning } from '../provisioning';
import type { ProvisioningPorts } from '../ports';
import { DEFAULT_PROVISIONING_SETTINGS, type ProvisioningSettings } from '../settings';

/**
 * Provisioning on its real in-process adapters (session store, progress, marker) and embedded
 * stores in a temporary directory, fed session events by hand: what a test needs to see which
 * outbox entries a sequence of events produces. Device store reads are counted.
 */
export class ProvisioningTestBed {
  readonly sessions = new InMemorySessionStore();
  readonly marker = new InMemoryPendingWorkMarker();
  readonly bus = new InProcessEventBus();
  readonly devices: DeviceStore;
  readonly stores: ProvisioningStores;
  readonly provisioning: Provisioning;
  readonly tasks;
  deviceReads = 0;
  private readonly directory: string;
  private counter = 0;

  constructor(
    settings: Partial<ProvisioningSettings> = {},
    ports: Pick<ProvisioningPorts, 'connectionRequestCredentials'> = {},
  ) {
    this.directory = mkdtempSync(join(tmpdir(), 'provisioning-bed-'));
    const embedded = new EmbeddedDeviceStore({ directory: join(this.directory, 'devices') });
    const countRead = () => this.deviceReads++;
    this.devices = new Proxy(embedded, {
      get(target, property, receiver) {
        if (property === 'get' || property === 'find') countRead();
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    this.stores = openEmbeddedProvisioningStores(join(this.directory, 'provisioning'));
    this.tasks = taskStoreMarkingWork(this.stores.tasks, this.marker);
    const presets = new StoredPresetSource(this.stores.presets, this.stores.configurations, 0);
    this.provisioning = new Provisioning(
      {
        sessions: this.sessions,
        progress: new InMemorySessionProgressStore(),
        marker: this.marker,
        tasks: this.tasks,
        devices: this.devices,
        inventory: inventoryWritesMarkingWork(
          new StoreInventoryWrites(this.devices),
          this.devices,
          this.marker,
        ),
        events: this.bus,
        presets,
        subscribers: { find: (identity) => this.stores.subscribers.findForDevice(identity) },
        ...ports,
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      },
      { start: async () => undefined, stop: async () => undefined },
      { ...DEFAULT_PROVISIONING_SETTINGS, ...settings },
    );
  }

  /**
   * Opens a session in the session store, as the gateway does, and the SessionOpened event, whose
   * Inform carries `parameters` (the values a CPE reports in every Inform, such as ParameterKey).
   */
  async open(
    serialNumber: string,
    eventCodes: string[],
    parameters: SessionOpened['inform']['parameters'] = [],
  ): Promise<SessionOpened> {
    const sessionId = `s-${++this.counter}`;
    const deviceId = `0253AC-SimGateway%2D181-${serialNumber}`;
    await this.sessions.open(
      {
        sessionId,
        deviceId,
        podId: 'pod',
        cwmpVersion: '1.2',
        namespace: 'urn:dslforum-org:cwmp-1-2',
        openedAt: Date.now(),
        expiresAt: Date.now() + 30_000,
        timeoutMs: 30_000,
        rpcCount: 0,
        outstanding: null,
      },
      30_000,
    );
    return {
      schemaVersion: 1,
      eventId: `e-${++this.counter}`,
      deviceId,
      sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'SessionOpened',
      cwmpVersion: '1.2',
      namespace: 'urn:dslforum-org:cwmp-1-2',
      remoteAddress: '127.0.0.1',
      inform: {
        type: 'Inform',
        deviceId: {
          manufacturer: 'Simulated Networks',
          oui: '0253AC',
          productClass: 'SimGateway-181',
          serialNumber,
        },
        events: eventCodes.map((eventCode) => ({ eventCode, commandKey: '' })),
        maxEnvelopes: 1,
        currentTime: new Date().toISOString(),
        retryCount: 0,
        parameters,
      },
    };
  }

  /** The SessionClosed event the gateway publishes when `opened`'s session ends for `reason`. */
  closed(opened: SessionOpened, reason: SessionCloseReason): SessionClosed {
    return {
      schemaVersion: 1,
      eventId: `e-${++this.counter}`,
      deviceId: opened.deviceId,
      sessionId: opened.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'SessionClosed',
      reason,
      durationMs: 1_000,
      rpcCount: 0,
    };
  }

  /** Records the device as inventory would at its first Inform. */
  async register(serialNumber: string): Promise<void> {
    const deviceId = `0253AC-SimGateway%2D181-${serialNumber}`;
    const at = new Date().toISOString();
    await this.devices.applyBatch([
      {
        eventId: `register-${deviceId}`,
        deviceId,
        occurredAt: at,
        upsert: {
          oui: '0253AC',
          productClass: 'SimGateway-181',
          serialNumber,
          manufacturer: 'Simulated Networks',
          dataModelRoot: 'Device.',
          lastInform: at,
        },
      },
    ]);
  }

  /** Hands events to provisioning as one consumed batch. */
  async deliver(...events: SessionEvent[]): Promise<void> {
    const messages: ConsumedMessage[] = events.map((event, index) => ({
      topic: 'cwmp.session-events',
      partition: 0,
      offset: String(index),
      key: event.deviceId,
      value: JSON.stringify(event),
    }));
    await this.provisioning.handleSessionEvents.execute(messages);
  }

  /** Whatever provisioning queued for the session (drained). */
  async outbox(deviceId: string, sessionId: string): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    for (;;) {
      const entry = await this.sessions.next(deviceId, sessionId, 0);
      if (!entry) return entries;
      entries.push(entry);
    }
  }

  async close(): Promise<void> {
    await this.sessions.shutdown();
    await this.stores.close();
    await this.devices.close();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
