import { dataModelRootOf } from '@acs/contracts';
import { subtreeRoots } from './data-model';
import { wentOffline } from './offline';
import { project } from './projection';
import type { KnownDevice } from './model';

const known: KnownDevice = {
  deviceId: 'D1',
  dataModelRoot: 'Device.',
  lastInform: '2026-03-01T08:00:00.000Z',
  online: true,
  onlineUntil: '2026-03-01T10:01:00.000Z',
  connectionRequest: { url: 'http://cpe/cr' },
  parameters: {
    'Device.WiFi.SSID.1.': { path: 'Device.WiFi.SSID.1.', object: true },
    'Device.WiFi.SSID.1.SSID': { path: 'Device.WiFi.SSID.1.SSID', object: false, value: 'a' },
    'Device.WiFi.SSID.10.SSID': { path: 'Device.WiFi.SSID.10.SSID', object: false, value: 'b' },
    'Device.DeviceInfo.UpTime': {
      path: 'Device.DeviceInfo.UpTime',
      object: false,
      value: 5,
      type: 'unsignedInt',
    },
  },
};

describe('projecting an update onto what is known', () => {
  it('marks stale, deletes subtrees by object path, and merges given fields only', () => {
    const next = project(known, {
      eventId: 'e',
      deviceId: 'D1',
      occurredAt: '2026-03-01T09:00:00.000Z',
      markAllStale: true,
      deleteSubtrees: ['Device.WiFi.SSID.1.'],
      setParameters: [{ path: 'Device.DeviceInfo.UpTime', object: false, value: 9, stale: false }],
      upsert: { online: false },
    });
    expect(next?.parameters).toEqual({
      // SSID.10 is not under SSID.1.
      'Device.WiFi.SSID.10.SSID': {
        path: 'Device.WiFi.SSID.10.SSID',
        object: false,
        value: 'b',
        stale: true,
      },
      'Device.DeviceInfo.UpTime': {
        path: 'Device.DeviceInfo.UpTime',
        object: false,
        value: 9,
        type: 'unsignedInt',
        stale: false,
      },
    });
    expect(next?.online).toBe(false);
    expect(known.parameters['Device.WiFi.SSID.1.']).toBeDefined();
  });

  it('creates nothing from an update without upsert for an unknown device', () => {
    expect(
      project(null, { eventId: 'e', deviceId: 'D2', occurredAt: known.lastInform }),
    ).toBeNull();
  });
});

describe('data-model paths', () => {
  it('tells the root from the paths, TR-098 winning over stray Device. paths', () => {
    expect(dataModelRootOf(['Device.DeviceInfo.SoftwareVersion'])).toBe('Device.');
    expect(
      dataModelRootOf(['Device.Services.X', 'InternetGatewayDevice.DeviceInfo.SoftwareVersion']),
    ).toBe('InternetGatewayDevice.');
    expect(dataModelRootOf(['X_VENDOR.Thing'])).toBeNull();
  });

  it('reduces paths to the subtrees that cover them', () => {
    expect(
      subtreeRoots(['Device.A.1.B', 'Device.A.1.', 'Device.A', 'Device.A.10.', 'Device.A.1.C.']),
    ).toEqual(['Device.A', 'Device.A.1.', 'Device.A.10.']);
  });
});

describe('going offline', () => {
  it('is dated at the missed deadline, with an id the same for every sweep that finds it', () => {
    const first = wentOffline(
      { deviceId: 'D1', lastInform: known.lastInform, onlineUntil: known.onlineUntil },
      '2026-03-01T10:05:00.000Z',
    );
    const again = wentOffline(
      { deviceId: 'D1', lastInform: known.lastInform, onlineUntil: known.onlineUntil },
      '2026-03-01T10:06:00.000Z',
    );
    expect(again).toEqual(first);
    expect(first.lifecycle).toEqual({
      schemaVersion: 1,
      eventId: first.update.eventId,
      deviceId: 'D1',
      occurredAt: '2026-03-01T10:01:00.000Z',
      type: 'DeviceWentOffline',
      lastInform: known.lastInform,
    });
    expect(first.update.upsert).toEqual({ online: false });
  });
});
