import type { EmbeddedDeviceStore } from '@acs/device-store';
import { loadKnownDevices, projectionBases } from './known-devices';
import { temporaryStore } from './test-support/harness';

describe('what a batch reads of its devices', () => {
  it('projects the subtrees of the paths, each once', () => {
    expect(
      projectionBases([
        'Device.DeviceInfo.SoftwareVersion',
        'Device.WiFi.',
        'Device.WiFi.SSID.1.SSID',
        'Device.DeviceInfo.SoftwareVersion',
      ]),
    ).toEqual(['Device.DeviceInfo.SoftwareVersion', 'Device.WiFi']);
  });

  it('falls back to an acceptable ancestor, or to whole trees for the root', () => {
    expect(projectionBases(['Device.X_VENDOR.Odd name'])).toEqual(['Device.X_VENDOR']);
    expect(projectionBases([''])).toBeNull();
    expect(projectionBases(['Odd name.X'])).toBeNull();
  });

  it('coarsens many paths to their ancestors rather than name hundreds', () => {
    const many = Array.from({ length: 400 }, (_, i) => `Device.Hosts.Host.${i}.IPAddress`);
    expect(projectionBases(many)).toEqual(['Device.Hosts.Host']);
  });

  describe('against the embedded store', () => {
    let store: EmbeddedDeviceStore;
    let cleanup: () => Promise<void>;
    beforeEach(() => ({ store, cleanup } = temporaryStore()));
    afterEach(() => cleanup());

    it('reads summaries and only the asked parameters, and nothing for unknown devices', async () => {
      await store.applyBatch([
        {
          eventId: 'e1',
          deviceId: 'D1',
          occurredAt: '2026-03-01T08:00:00.000Z',
          upsert: {
            oui: '0253AC',
            productClass: 'P',
            serialNumber: 'S1',
            manufacturer: 'M',
            dataModelRoot: 'Device.',
            lastInform: '2026-03-01T08:00:00.000Z',
            online: true,
            onlineUntil: '2026-03-01T10:00:00.000Z',
            periodicInformInterval: 3600,
            connectionRequest: { url: 'http://cpe/cr' },
          },
          setParameters: [
            { path: 'Device.DeviceInfo.SoftwareVersion', object: false, value: '1.0' },
            { path: 'Device.WiFi.SSID.1.', object: true },
            { path: 'Device.WiFi.SSID.1.SSID', object: false, value: 'home', stale: true },
            { path: 'Device.Hosts.HostNumberOfEntries', object: false, value: 3 },
          ],
        },
      ]);
      const known = await loadKnownDevices(
        store,
        ['D1', 'D2'],
        ['Device.WiFi.', 'Device.DeviceInfo.SoftwareVersion'],
      );
      expect([...known.keys()]).toEqual(['D1']);
      expect(known.get('D1')).toEqual({
        deviceId: 'D1',
        dataModelRoot: 'Device.',
        lastInform: '2026-03-01T08:00:00.000Z',
        online: true,
        onlineUntil: '2026-03-01T10:00:00.000Z',
        periodicInformInterval: 3600,
        connectionRequest: { url: 'http://cpe/cr' },
        // Read for the security posture: its findings are also tags.
        tags: [],
        parameters: {
          'Device.DeviceInfo.SoftwareVersion': expect.objectContaining({ value: '1.0' }),
          'Device.WiFi.SSID.1.': expect.objectContaining({ object: true }),
          'Device.WiFi.SSID.1.SSID': expect.objectContaining({ value: 'home', stale: true }),
        },
      });
    });
  });
});
