import {
  DEVICE_LIFECYCLE_EVENT_TYPES,
  DeviceLifecycleEvent,
  validateDeviceLifecycleEvent,
} from './acs-events';

const base = {
  schemaVersion: 1 as const,
  eventId: 'e-1:registered',
  deviceId: '0253AC-SimGateway%2D181-SIM000001',
  occurredAt: '2026-11-21T09:42:17.120Z',
  sourceEventId: 'e-1',
};

const examples: DeviceLifecycleEvent[] = [
  {
    ...base,
    type: 'DeviceRegistered',
    oui: '0253AC',
    productClass: 'SimGateway-181',
    serialNumber: 'SIM000001',
    manufacturer: 'Simulated Networks',
    dataModelRoot: 'Device.',
  },
  { ...base, type: 'DeviceBooted', eventCodes: ['1 BOOT', 'M Reboot'] },
  { ...base, type: 'DeviceBootstrapped', eventCodes: ['0 BOOTSTRAP', '1 BOOT'] },
  {
    ...base,
    type: 'DeviceParametersChanged',
    changes: [
      { path: 'Device.DeviceInfo.SoftwareVersion', oldValue: '1.0.0', newValue: '2.1.0' },
      { path: 'Device.DeviceInfo.UpTime', oldValue: 3600, newValue: 12 },
    ],
  },
  { ...base, type: 'DeviceCameOnline', onlineUntil: '2026-11-22T09:43:17.120Z' },
  {
    schemaVersion: 1,
    eventId: 'offline:x',
    deviceId: base.deviceId,
    occurredAt: '2026-11-22T09:43:17.120Z',
    type: 'DeviceWentOffline',
    lastInform: '2026-11-21T09:42:17.120Z',
  },
  {
    ...base,
    eventId: 'x:DevicePostureWorsened',
    type: 'DevicePostureWorsened',
    worsened: [{ id: 'cpe-auth-none', severity: 'critical', evidence: { authentication: 'none' } }],
    findings: [
      { id: 'cpe-auth-none', severity: 'critical', evidence: { authentication: 'none' } },
      { id: 'cwmp-version-old', severity: 'low', evidence: { cwmpVersion: '1.0' } },
    ],
  },
];

describe('device lifecycle event schemas (acs.events)', () => {
  it('accept one well-formed example of every type, after a JSON round trip', () => {
    expect(new Set(examples.map((event) => event.type))).toEqual(
      new Set(DEVICE_LIFECYCLE_EVENT_TYPES),
    );
    for (const event of examples) {
      expect(validateDeviceLifecycleEvent(JSON.parse(JSON.stringify(event)))).toEqual({
        ok: true,
        value: event,
      });
    }
  });

  it('name the offending field of a bad event', () => {
    const changes = validateDeviceLifecycleEvent({ ...examples[3], changes: [] });
    expect(changes.ok).toBe(false);
    expect(changes.ok ? [] : changes.errors.join('\n')).toMatch(/\/changes/);

    const withoutId: Record<string, unknown> = { ...examples[0] };
    delete withoutId['eventId'];
    const missing = validateDeviceLifecycleEvent(withoutId);
    expect(missing.ok ? [] : missing.errors.join('\n')).toMatch(/\/eventId/);

    const value = validateDeviceLifecycleEvent({
      ...examples[3],
      changes: [{ path: 'Device.X', oldValue: {}, newValue: 1 }],
    });
    expect(value.ok ? [] : value.errors.join('\n')).toMatch(/\/changes\/0\/oldValue/);
  });

  it('refuse an unknown type or schema version', () => {
    const unknown = validateDeviceLifecycleEvent({ ...base, type: 'DeviceExploded' });
    expect(unknown.ok ? [] : unknown.errors.join('\n')).toMatch(/\/type: expected one of/);
    const version = validateDeviceLifecycleEvent({ ...examples[1], schemaVersion: 2 });
    expect(version.ok ? [] : version.errors.join('\n')).toMatch(/\/schemaVersion/);
  });
});
