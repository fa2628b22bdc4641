import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TOPICS,
  validateDeviceLifecycleEvent,
  type DeviceLifecycleEvent,
  type SessionEvent,
} from '@acs/contracts';
import { EmbeddedDeviceStore } from '@acs/device-store';
import type { ConsumedMessage, InProcessEventBus } from '@acs/event-bus';
import {
  generateSecretKeyEntry,
  parseSecretKeys,
  SecretKeyring,
  SecretParameters,
  type Secrets,
} from '@acs/secrets';
import type { InventoryLog } from '../inventory-log';

/** Session events as a consumer would hand them over (one partition, offsets in order). */
export function messagesOf(items: readonly (SessionEvent | string | null)[]): ConsumedMessage[] {
  return items.map((item, offset) => ({
    topic: TOPICS.sessionEvents,
    partition: 0,
    offset: String(offset),
    key: typeof item === 'object' && item !== null ? item.deviceId : null,
    value: item === null || typeof item === 'string' ? item : JSON.stringify(item),
  }));
}

/** Everything published on `acs.events` of an in-process bus, each checked against its schema. */
export class PublishedLifecycle {
  readonly events: DeviceLifecycleEvent[] = [];

  constructor(bus: InProcessEventBus) {
    bus.subscribe(TOPICS.events, (message) => {
      const checked = validateDeviceLifecycleEvent(JSON.parse(message.value));
      if (!checked.ok) throw new Error(`invalid lifecycle event: ${checked.errors.join('; ')}`);
      if (message.key !== checked.value.deviceId) throw new Error('not keyed by device id');
      this.events.push(checked.value);
    });
  }

  types(deviceId?: string): string[] {
    return this.events.filter((e) => !deviceId || e.deviceId === deviceId).map((e) => e.type);
  }
}

/** An embedded device store in a fresh temporary directory, removed by `cleanup`. */
export function temporaryStore(): { store: EmbeddedDeviceStore; cleanup: () => Promise<void> } {
  const directory = mkdtempSync(join(tmpdir(), 'inventory-test-'));
  const store = new EmbeddedDeviceStore({ directory, synchronous: 'normal' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A log that keeps its lines for assertions instead of printing them. */
export function recordingLog(): InventoryLog & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at =
    (level: LoggedLine['level']) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A keyring with one fresh key and the data model's secret parameters. */
export function testSecrets(): Secrets {
  const keyring = new SecretKeyring(parseSecretKeys(generateSecretKeyEntry('test')));
  return { keyring, parameters: new SecretParameters() };
}
