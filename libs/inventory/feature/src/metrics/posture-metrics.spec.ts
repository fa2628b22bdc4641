import type { EmbeddedDeviceStore } from '@acs/device-store';
import { temporaryStore } from '../test-support/harness';
import { InventoryMetrics } from './inventory-metrics';

describe('InventoryMetrics.countPosture', () => {
  let store: EmbeddedDeviceStore;
  let cleanup: () => Promise<void>;
  beforeAll(() => ({ store, cleanup } = temporaryStore()));
  afterAll(() => cleanup());

  it('counts the devices with each finding, by finding and severity, from their posture tags', async () => {
    const at = '2026-03-01T08:00:00.000Z';
    await store.applyBatch(
      ['A', 'B', 'C'].map((serial) => ({
        eventId: `seed-${serial}`,
        deviceId: `OUI-PC-${serial}`,
        occurredAt: at,
        upsert: { oui: 'OUI', productClass: 'PC', serialNumber: serial, lastInform: at },
      })),
    );
    await store.updateTags(
      { deviceId: { $in: ['OUI-PC-A', 'OUI-PC-B'] } },
      ['posture:acs-url-http'],
      [],
    );
    await store.updateTags({ deviceId: 'OUI-PC-C' }, ['posture:cpe-auth-none'], []);
    const metrics = new InventoryMetrics();
    metrics.countPosture(store);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'acs_device_posture_findings{finding="acs-url-http",severity="medium"} 2',
    );
    expect(text).toContain(
      'acs_device_posture_findings{finding="cpe-auth-none",severity="critical"} 1',
    );
    expect(text).toContain(
      'acs_device_posture_findings{finding="remote-access-enabled",severity="high"} 0',
    );
  });
});
