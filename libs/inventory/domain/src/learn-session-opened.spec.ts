import { learnFromSessionOpened } from './learn-session-opened';
import { DEFAULT_ONLINE_POLICY, type OnlinePolicy } from './online-policy';
import { project } from './projection';
import type { DeviceLifecycleEvent, StoredParameter } from '@acs/contracts';
import type { KnownDevice } from './model';
import { SimulatedCpe } from '@acs/inventory-testing';

const policy: OnlinePolicy = { factor: 2, graceSeconds: 60, defaultIntervalSeconds: 86_400 };

function byType(events: DeviceLifecycleEvent[]): Record<string, DeviceLifecycleEvent> {
  return Object.fromEntries(events.map((event) => [event.type, event]));
}

function setPaths(parameters: StoredParameter[] | undefined): Record<string, StoredParameter> {
  return Object.fromEntries((parameters ?? []).map((p) => [p.path, p]));
}

describe('learning from a first TR-181 Inform (0 BOOTSTRAP, 1 BOOT)', () => {
  const cpe = new SimulatedCpe('tr181', 'SIM000001');
  const event = cpe.inform();
  const { update, lifecycle } = learnFromSessionOpened(event, null, policy);

  it('registers the identity, the Device. root, boot and bootstrap times and the online deadline', () => {
    expect(update?.upsert).toEqual({
      oui: '0253AC',
      productClass: 'SimGateway-181',
      serialNumber: 'SIM000001',
      manufacturer: 'Simulated Networks',
      dataModelRoot: 'Device.',
      lastInform: '2026-03-01T08:00:00.000Z',
      lastBoot: '2026-03-01T08:00:00.000Z',
      lastBootstrap: '2026-03-01T08:00:00.000Z',
      online: true,
      // No PeriodicInformInterval in the Inform: the default day, twice, plus a minute.
      onlineUntil: '2026-03-03T08:01:00.000Z',
      connectionRequest: { url: 'http://198.51.100.7:7547/cr/SIM000001' },
    });
    expect(update?.markAllStale).toBe(true);
  });

  it('keeps every Inform parameter with its value, xsd type and when it was learned', () => {
    const set = setPaths(update?.setParameters);
    expect(Object.keys(set).sort()).toEqual(event.inform.parameters.map((p) => p.name).sort());
    expect(set['Device.DeviceInfo.SoftwareVersion']).toEqual({
      path: 'Device.DeviceInfo.SoftwareVersion',
      object: false,
      value: '1.0.0',
      type: 'string',
      valueAt: '2026-03-01T08:00:00.000Z',
      stale: false,
    });
  });

  it('records the Inform among the recent events', () => {
    expect(update?.addEvents).toEqual([
      {
        eventId: event.eventId,
        deviceId: cpe.deviceId,
        occurredAt: event.occurredAt,
        kind: 'inform',
        detail: expect.objectContaining({
          sessionId: event.sessionId,
          events: [
            { eventCode: '0 BOOTSTRAP', commandKey: '' },
            { eventCode: '1 BOOT', commandKey: '' },
          ],
        }),
      },
    ]);
  });

  it('announces registered, bootstrapped, booted and came online, with ids derived from the event', () => {
    expect(lifecycle.map((e) => e.type)).toEqual([
      'DeviceRegistered',
      'DeviceBootstrapped',
      'DeviceBooted',
      'DeviceCameOnline',
    ]);
    expect(byType(lifecycle)['DeviceRegistered']).toEqual({
      schemaVersion: 1,
      eventId: `${event.eventId}:DeviceRegistered`,
      sourceEventId: event.eventId,
      deviceId: cpe.deviceId,
      occurredAt: event.occurredAt,
      type: 'DeviceRegistered',
      oui: '0253AC',
      productClass: 'SimGateway-181',
      serialNumber: 'SIM000001',
      manufacturer: 'Simulated Networks',
      dataModelRoot: 'Device.',
    });
    expect(new Set(lifecycle.map((e) => e.eventId)).size).toBe(lifecycle.length);
  });

  it("says which SoftwareVersion the device booted into (a firmware upgrade's verdict)", () => {
    const reported = event.inform.parameters.find(
      (p) => p.name === 'Device.DeviceInfo.SoftwareVersion',
    );
    expect(reported).toBeDefined();
    expect(byType(lifecycle)['DeviceBooted']).toMatchObject({
      softwareVersion: String(reported?.value),
    });
  });

  it('learns the same thing, with the same ids, when the event is delivered again', () => {
    expect(learnFromSessionOpened(event, null, policy)).toEqual({ update, lifecycle });
  });
});

describe('learning from a TR-098 Inform', () => {
  it('finds the InternetGatewayDevice. root and its ManagementServer', () => {
    const cpe = new SimulatedCpe('tr098', 'IGD000042');
    const { update, lifecycle } = learnFromSessionOpened(cpe.inform(), null, policy);
    expect(update?.upsert).toMatchObject({
      productClass: 'SimIGD-098',
      dataModelRoot: 'InternetGatewayDevice.',
      connectionRequest: { url: 'http://198.51.100.7:7547/cr/IGD000042' },
    });
    expect(Object.keys(setPaths(update?.setParameters))).toContain(
      'InternetGatewayDevice.DeviceInfo.SoftwareVersion',
    );
    expect(byType(lifecycle)['DeviceRegistered']).toMatchObject({
      dataModelRoot: 'InternetGatewayDevice.',
    });
  });
});

describe('learning from later Informs of a known device', () => {
  function registered(): { cpe: SimulatedCpe; known: KnownDevice } {
    const cpe = new SimulatedCpe('tr181', 'SIM000002');
    const known = project(null, learnFromSessionOpened(cpe.inform(), null, policy).update);
    if (!known) throw new Error('the first Inform registers the device');
    return { cpe, known };
  }

  it('announces only the values that changed, with old and new values', () => {
    const { cpe, known } = registered();
    cpe.later(3600).changeLocally('Device.DeviceInfo.ProvisioningCode', 'BRONZE');
    const event = cpe.inform();
    const { update, lifecycle } = learnFromSessionOpened(event, known, policy);

    expect(lifecycle).toEqual([
      {
        schemaVersion: 1,
        eventId: `${event.eventId}:DeviceParametersChanged`,
        sourceEventId: event.eventId,
        deviceId: cpe.deviceId,
        occurredAt: event.occurredAt,
        type: 'DeviceParametersChanged',
        changes: [{ path: 'Device.DeviceInfo.ProvisioningCode', oldValue: '', newValue: 'BRONZE' }],
      },
    ]);
    // A periodic Inform: no boot, no bootstrap, nothing marked stale.
    expect(update?.markAllStale).toBeUndefined();
    expect(update?.upsert?.lastBoot).toBeUndefined();
    expect(update?.upsert?.lastBootstrap).toBeUndefined();
    expect(update?.upsert?.onlineUntil).toBe('2026-03-03T09:01:00.000Z');
  });

  it('announces a reboot, and came online when the device had gone offline', () => {
    const { cpe, known } = registered();
    const offline = { ...known, online: false };
    const { update, lifecycle } = learnFromSessionOpened(
      cpe.later(60).reboot().inform(),
      offline,
      policy,
    );
    expect(lifecycle.map((e) => e.type)).toEqual(['DeviceBooted', 'DeviceCameOnline']);
    expect(update?.upsert?.lastBoot).toBe('2026-03-01T08:01:00.000Z');
  });

  it('counts the online deadline from the PeriodicInformInterval it learned', () => {
    const { cpe, known } = registered();
    const { update } = learnFromSessionOpened(
      cpe.later(60).inform(),
      { ...known, periodicInformInterval: 300 },
      { ...policy, factor: 3, graceSeconds: 30 },
    );
    // 08:01:00 + 3 × 300 s + 30 s
    expect(update?.upsert?.onlineUntil).toBe('2026-03-01T08:16:30.000Z');
  });

  it('marks everything stale on a new bootstrap, and what the Inform carries fresh again', () => {
    const { cpe, known } = registered();
    const withOld = project(known, {
      eventId: 'gpv',
      deviceId: known.deviceId,
      occurredAt: known.lastInform,
      setParameters: [{ path: 'Device.WiFi.SSID.1.SSID', object: false, value: 'home' }],
    });
    cpe.state = { ...cpe.state, pendingEvents: [{ eventCode: '0 BOOTSTRAP', commandKey: '' }] };
    const { update, lifecycle } = learnFromSessionOpened(cpe.later(60).inform(), withOld, policy);
    expect(update?.markAllStale).toBe(true);
    expect(lifecycle.map((e) => e.type)).toEqual(['DeviceBootstrapped']);
    const after = project(withOld, update);
    expect(after?.parameters['Device.WiFi.SSID.1.SSID']?.stale).toBe(true);
    expect(after?.parameters['Device.DeviceInfo.SoftwareVersion']?.stale).toBe(false);
  });

  it('keeps a known connection-request password when the Inform reports it empty', () => {
    const { cpe, known } = registered();
    const withPassword = {
      ...known,
      connectionRequest: { ...known.connectionRequest, password: 's3cret' },
    };
    const event = cpe.later(60).inform();
    event.inform.parameters.push({
      name: 'Device.ManagementServer.ConnectionRequestPassword',
      type: 'string',
      value: '',
    });
    const { update } = learnFromSessionOpened(event, withPassword, DEFAULT_ONLINE_POLICY);
    expect(update?.upsert?.connectionRequest).toBeUndefined();
  });
});
