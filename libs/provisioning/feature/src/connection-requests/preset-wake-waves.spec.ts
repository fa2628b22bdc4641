import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PresetBody } from '@acs/contracts';
import { EmbeddedDeviceStore } from '@acs/device-store';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import { RecordingLog } from '../commands/test-support/command-fixture';
import { PresetWakeWaves, type WakeDevice, type WaveClock } from './preset-wake-waves';

/**
 * Time that moves only when a wave sleeps: each sleep advances it by the time asked and resolves
 * at once, unless the clock is held, in which case sleeps wait for `release` (or the abort).
 */
class ManualClock implements WaveClock {
  time = Date.UTC(2026, 10, 21, 12);
  held = false;
  private waiting: Array<() => void> = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.held) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        signal.addEventListener('abort', () => {
          this.waiting = this.waiting.filter((waiting) => waiting !== resolve);
          resolve();
        });
      });
      if (signal.aborted) return;
    }
    this.time += ms;
  }

  release(): void {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  get sleepers(): number {
    return this.waiting.length;
  }
}

/** Records who was woken, when (on the manual clock), and why; answers `answers` in turn, then ok. */
class RecordingWakeUp implements WakeDevice {
  readonly woken: Array<{ deviceId: string; at: number; reason: string }> = [];
  answers: Array<{ outcome: string; retryAfterMs?: number; limit?: 'device' | 'global' }> = [];
  constructor(private readonly clock: ManualClock) {}

  async wake(deviceId: string, reason: string) {
    this.woken.push({ deviceId, at: this.clock.now(), reason });
    return this.answers.shift() ?? { outcome: 'ok' };
  }
}

describe('PresetWakeWaves', () => {
  let directory: string;
  let devices: EmbeddedDeviceStore;
  let stores: ProvisioningStores;
  let clock: ManualClock;
  let wakeUp: RecordingWakeUp;
  let waves: PresetWakeWaves;
  let configurationId: string;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'wake-waves-'));
    devices = new EmbeddedDeviceStore({ directory, synchronous: 'normal' });
    stores = openEmbeddedProvisioningStores(directory);
    clock = new ManualClock();
    wakeUp = new RecordingWakeUp(clock);
    waves = new PresetWakeWaves({
      presets: stores.presets,
      devices,
      wakeUp,
      log: new RecordingLog(),
      clock,
      pageSize: 2,
    });
    configurationId = (await stores.configurations.create({ name: 'wifi' })).id;
    // Five lab devices and two others; pages of two make the wave follow cursors.
    const tagged = ['lab-1', 'lab-2', 'lab-3', 'lab-4', 'lab-5', 'office-1', 'office-2'];
    await devices.applyBatch(
      tagged.map((deviceId) => ({
        eventId: `inform-${deviceId}`,
        deviceId,
        occurredAt: new Date(clock.time).toISOString(),
        upsert: { oui: '0253AC', productClass: 'Gw', serialNumber: deviceId },
      })),
    );
    await devices.updateTags({ deviceId: { $regex: '^lab-' } }, ['lab'], []);
  });

  afterEach(async () => {
    await waves.stop();
    await stores.close();
    await devices.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const preset = (overrides: Partial<PresetBody> = {}): PresetBody => ({
    name: 'lab wifi',
    configurationId,
    precedence: 10,
    match: { filter: { tags: 'lab' } },
    wake: { perMinute: 120 },
    ...overrides,
  });

  it('wakes every device the filter matches, at most perMinute a minute', async () => {
    const created = await stores.presets.create(preset());
    await waves.changed({ kind: 'preset', id: created.id });
    const summary = await waves.waveOf(created.id);
    expect(summary).toMatchObject({ devices: 5, outcomes: { ok: 5 }, cancelled: false });
    expect(wakeUp.woken.map((w) => w.deviceId).sort()).toEqual([
      'lab-1',
      'lab-2',
      'lab-3',
      'lab-4',
      'lab-5',
    ]);
    // 120 a minute: one every 500 ms.
    const times = wakeUp.woken.map((w) => w.at - (wakeUp.woken[0]?.at ?? 0));
    expect(times).toEqual([0, 500, 1000, 1500, 2000]);
    expect(new Set(wakeUp.woken.map((w) => w.reason))).toEqual(new Set([`preset:${created.id}`]));
  });

  it('starts a wave when the configuration a waking preset applies changes', async () => {
    const created = await stores.presets.create(preset({ match: {} }));
    await waves.changed({ kind: 'configuration', id: configurationId });
    expect(await waves.waveOf(created.id)).toMatchObject({ devices: 7 });
  });

  it('starts none for presets without wake, disabled, or that a connection request would not open', async () => {
    const quiet = await stores.presets.create(preset({ wake: undefined }));
    const disabled = await stores.presets.create(preset({ enabled: false }));
    const onBoot = await stores.presets.create(preset({ match: { events: ['1 BOOT'] } }));
    for (const { id } of [quiet, disabled, onBoot]) {
      await waves.changed({ kind: 'preset', id });
      expect(waves.waveOf(id)).toBeUndefined();
    }
    await waves.changed({ kind: 'subscriber', id: 'sub-1' });
    expect(wakeUp.woken).toEqual([]);
  });

  it('replaces the running wave of a preset changed again', async () => {
    const created = await stores.presets.create(preset({ wake: { perMinute: 1 } }));
    clock.held = true;
    await waves.changed({ kind: 'preset', id: created.id });
    const first = waves.waveOf(created.id);
    await until(() => clock.sleepers === 1);
    expect(wakeUp.woken).toHaveLength(1);

    // The operator narrows the preset to one device: the old wave stops, the new one starts over.
    await stores.presets.replace(
      created.id,
      preset({ match: { filter: { deviceId: 'lab-5' } }, wake: { perMinute: 1 } }),
      created.version,
    );
    await waves.changed({ kind: 'preset', id: created.id });
    expect(await first).toMatchObject({ version: 1, devices: 1, cancelled: true });
    expect(await waves.waveOf(created.id)).toMatchObject({ version: 2, devices: 1 });
    expect(wakeUp.woken.map((w) => w.deviceId)).toEqual([wakeUp.woken[0]?.deviceId, 'lab-5']);
  });

  it('stops every running wave on stop, and starts none after', async () => {
    const created = await stores.presets.create(preset({ wake: { perMinute: 1 } }));
    clock.held = true;
    await waves.changed({ kind: 'preset', id: created.id });
    const running = waves.waveOf(created.id);
    await until(() => clock.sleepers === 1);
    await waves.stop();
    expect(await running).toMatchObject({ cancelled: true, devices: 1 });
    await waves.changed({ kind: 'preset', id: created.id });
    expect(waves.waveOf(created.id)).toBeUndefined();
    expect(wakeUp.woken).toHaveLength(1);
  });

  it('waits out the global rate limit and tries the same device again', async () => {
    const created = await stores.presets.create(
      preset({ match: { filter: { deviceId: 'lab-1' } } }),
    );
    wakeUp.answers = [{ outcome: 'rate-limited', limit: 'global', retryAfterMs: 700 }];
    await waves.changed({ kind: 'preset', id: created.id });
    expect(await waves.waveOf(created.id)).toMatchObject({ devices: 1, outcomes: { ok: 1 } });
    expect(wakeUp.woken.map((w) => w.at - (wakeUp.woken[0]?.at ?? 0))).toEqual([0, 700]);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
