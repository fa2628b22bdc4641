import type { AcsRequest } from '@acs/cwmp-codec';
import { learnFromRpcResult } from './learn-rpc-result';
import { learnFromSessionOpened } from './learn-session-opened';
import type { OnlinePolicy } from './online-policy';
import { project } from './projection';
import type { StoredParameter } from '@acs/contracts';
import type { KnownDevice } from './model';
import { SimulatedCpe } from '@acs/inventory-testing';

const policy: OnlinePolicy = { factor: 2, graceSeconds: 60, defaultIntervalSeconds: 86_400 };

function registered(profile: 'tr181' | 'tr098' = 'tr181'): {
  cpe: SimulatedCpe;
  known: KnownDevice;
} {
  const cpe = new SimulatedCpe(profile, 'SIM000007');
  const known = project(null, learnFromSessionOpened(cpe.inform(), null, policy).update);
  if (!known) throw new Error('the first Inform registers the device');
  return { cpe, known };
}

/**
 * Asks the simulated CPE, learns its answer, returns both. The answer carries the request as the
 * gateway sends it, unless `withRequest` is false.
 */
function ask(cpe: SimulatedCpe, known: KnownDevice, request: AcsRequest, withRequest = true) {
  const answer = cpe.later(1).answer(request);
  const event = withRequest ? { ...answer, request } : answer;
  return { event, ...learnFromRpcResult(event, known, policy) };
}

function setPaths(parameters: StoredParameter[] | undefined): Record<string, StoredParameter> {
  return Object.fromEntries((parameters ?? []).map((p) => [p.path, p]));
}

describe('learning from GetParameterNames', () => {
  it('keeps names, writability and which are objects', () => {
    const { cpe, known } = registered();
    const { update } = ask(cpe, known, {
      type: 'GetParameterNames',
      parameterPath: 'Device.WiFi.SSID.',
      nextLevel: false,
    });
    const set = setPaths(update?.setParameters);
    expect(set['Device.WiFi.SSID.2.']).toEqual({
      path: 'Device.WiFi.SSID.2.',
      object: true,
      // An instance the CPE lets the ACS delete.
      writable: true,
      writableAt: '2026-03-01T08:00:01.000Z',
    });
    expect(set['Device.WiFi.SSID.2.SSID']).toMatchObject({ object: false, writable: true });
    expect(set['Device.WiFi.SSID.2.BSSID']).toMatchObject({ object: false, writable: false });
  });

  it('deletes what the store holds under the listed path that the CPE no longer lists', () => {
    const { cpe, known } = registered();
    const stored = project(known, {
      eventId: 'older-gpn',
      deviceId: known.deviceId,
      occurredAt: known.lastInform,
      setParameters: [
        { path: 'Device.WiFi.SSID.9.', object: true },
        { path: 'Device.WiFi.SSID.9.SSID', object: false, value: 'gone' },
        { path: 'Device.WiFi.SSID.1.Gone', object: false, value: 'gone' },
        { path: 'Device.WiFi.Radio.1.Channel', object: false, value: 6 },
      ],
    }) as KnownDevice;
    const { update } = ask(cpe, stored, {
      type: 'GetParameterNames',
      parameterPath: 'Device.WiFi.SSID.',
      nextLevel: false,
    });
    // Outside the listed path (Radio) nothing is touched; one delete per vanished subtree.
    expect(update?.deleteSubtrees).toEqual(['Device.WiFi.SSID.1.Gone', 'Device.WiFi.SSID.9.']);
  });

  it('with NextLevel, judges only the direct children', () => {
    const { cpe, known } = registered();
    const stored = project(known, {
      eventId: 'older-gpn',
      deviceId: known.deviceId,
      occurredAt: known.lastInform,
      setParameters: [
        { path: 'Device.WiFi.SSID.9.', object: true },
        { path: 'Device.WiFi.SSID.1.Deep', object: false, value: 'not judged' },
      ],
    }) as KnownDevice;
    const { update } = ask(cpe, stored, {
      type: 'GetParameterNames',
      parameterPath: 'Device.WiFi.SSID.',
      nextLevel: true,
    });
    expect(update?.deleteSubtrees).toEqual(['Device.WiFi.SSID.9.']);
  });
});

describe('learning from GetParameterValues', () => {
  it('keeps values and types, announces changes, and learns the inform interval and credentials', () => {
    const { cpe, known } = registered();
    cpe.state = {
      ...cpe.state,
      values: new Map(cpe.state.values).set('Device.ManagementServer.PeriodicInformInterval', 600),
    };
    const stored = project(known, {
      eventId: 'earlier',
      deviceId: known.deviceId,
      occurredAt: known.lastInform,
      setParameters: [
        { path: 'Device.ManagementServer.PeriodicInformEnable', object: false, value: false },
      ],
    }) as KnownDevice;
    const { event, update, lifecycle } = ask(cpe, stored, {
      type: 'GetParameterValues',
      parameterNames: ['Device.ManagementServer.'],
    });
    const set = setPaths(update?.setParameters);
    expect(set['Device.ManagementServer.PeriodicInformInterval']).toEqual({
      path: 'Device.ManagementServer.PeriodicInformInterval',
      object: false,
      value: 600,
      type: 'unsignedInt',
      valueAt: event.occurredAt,
    });
    expect(update?.upsert).toEqual({
      periodicInformInterval: 600,
      // From the last Inform (08:00:00): 2 × 600 s + 60 s.
      onlineUntil: '2026-03-01T08:21:00.000Z',
      connectionRequest: {
        url: 'http://198.51.100.7:7547/cr/SIM000007',
        // The CPE reads its password back empty: not taken.
        username: 'SIM000007',
        udpAddress: '',
      },
    });
    expect(lifecycle).toEqual([
      expect.objectContaining({
        type: 'DeviceParametersChanged',
        eventId: `${event.eventId}:DeviceParametersChanged`,
        changes: [
          { path: 'Device.ManagementServer.PeriodicInformEnable', oldValue: false, newValue: true },
        ],
      }),
    ]);
  });
});

describe('learning from GetParameterAttributes', () => {
  it('keeps notification and access list', () => {
    const { cpe, known } = registered('tr098');
    const path = 'InternetGatewayDevice.DeviceInfo.ProvisioningCode';
    const { event, update } = ask(cpe, known, {
      type: 'GetParameterAttributes',
      parameterNames: [path],
    });
    expect(update?.setParameters).toEqual([
      { path, object: false, notification: 2, accessList: [], attributesAt: event.occurredAt },
    ]);
  });
});

describe('learning from SetParameterAttributes', () => {
  it('keeps the notification the request set, for a parameter and every known one under a partial path', () => {
    const { cpe, known } = registered();
    const stored = project(known, {
      eventId: 'older-gpv',
      deviceId: known.deviceId,
      occurredAt: known.lastInform,
      setParameters: [
        { path: 'Device.WiFi.SSID.1.', object: true },
        { path: 'Device.WiFi.SSID.1.SSID', object: false, value: 'home' },
        { path: 'Device.WiFi.SSID.1.Enable', object: false, value: true },
      ],
    }) as KnownDevice;
    const { event, update } = ask(cpe, stored, {
      type: 'SetParameterAttributes',
      parameters: [
        {
          name: 'Device.WiFi.SSID.1.',
          notificationChange: true,
          notification: 1,
          accessListChange: false,
          accessList: [],
        },
        {
          name: 'Device.DeviceInfo.ProvisioningCode',
          notificationChange: true,
          notification: 2,
          accessListChange: true,
          accessList: ['Subscriber'],
        },
        // Changes nothing: not kept.
        {
          name: 'Device.DeviceInfo.UpTime',
          notificationChange: false,
          notification: 2,
          accessListChange: false,
          accessList: [],
        },
      ],
    });
    const at = event.occurredAt;
    expect(update?.setParameters).toEqual([
      { path: 'Device.WiFi.SSID.1.SSID', object: false, notification: 1, attributesAt: at },
      { path: 'Device.WiFi.SSID.1.Enable', object: false, notification: 1, attributesAt: at },
      {
        path: 'Device.DeviceInfo.ProvisioningCode',
        object: false,
        notification: 2,
        accessList: ['Subscriber'],
        attributesAt: at,
      },
    ]);
  });
});

describe('learning from SetParameterValues', () => {
  const spv: AcsRequest = {
    type: 'SetParameterValues',
    parameterKey: 'k1',
    parameters: [
      { name: 'Device.DeviceInfo.ProvisioningCode', type: 'string', value: 'GOLD' },
      {
        name: 'Device.ManagementServer.ConnectionRequestPassword',
        type: 'string',
        value: 'cr-pass',
      },
    ],
  };

  it('keeps the values the request set, including the connection-request password', () => {
    const { cpe, known } = registered();
    const { event, update, lifecycle } = ask(cpe, known, spv);
    expect(setPaths(update?.setParameters)['Device.DeviceInfo.ProvisioningCode']).toEqual({
      path: 'Device.DeviceInfo.ProvisioningCode',
      object: false,
      value: 'GOLD',
      type: 'string',
      valueAt: event.occurredAt,
    });
    expect(update?.upsert?.connectionRequest).toEqual({
      url: 'http://198.51.100.7:7547/cr/SIM000007',
      password: 'cr-pass',
    });
    expect(lifecycle).toEqual([
      expect.objectContaining({
        type: 'DeviceParametersChanged',
        changes: [{ path: 'Device.DeviceInfo.ProvisioningCode', oldValue: '', newValue: 'GOLD' }],
      }),
    ]);
  });

  it('without the request, records the answer and guesses nothing', () => {
    const { cpe, known } = registered();
    const { event, update, lifecycle } = ask(cpe, known, spv, false);
    expect(update).toEqual({
      eventId: event.eventId,
      deviceId: cpe.deviceId,
      occurredAt: event.occurredAt,
      addEvents: [
        {
          eventId: event.eventId,
          deviceId: cpe.deviceId,
          occurredAt: event.occurredAt,
          kind: 'rpc-result',
          detail: {
            sessionId: event.sessionId,
            rpcId: event.rpcId,
            method: 'SetParameterValues',
            outcome: 'response',
            requestKnown: false,
            status: 0,
          },
        },
      ],
    });
    expect(lifecycle).toEqual([]);
  });

  it('ignores a request that is not the one answered', () => {
    const { cpe, known } = registered();
    const event = cpe.later(1).answer(spv);
    const other: AcsRequest = {
      type: 'DeleteObject',
      objectName: 'Device.WiFi.SSID.1.',
      parameterKey: '',
    };
    const { update } = learnFromRpcResult({ ...event, request: other }, known, policy);
    expect(update?.deleteSubtrees).toBeUndefined();
    expect(update?.setParameters).toBeUndefined();
  });

  it('turns a CPE fault into a device fault naming the parameters', () => {
    const { cpe, known } = registered();
    const { event, update } = ask(cpe, known, {
      type: 'SetParameterValues',
      parameterKey: '',
      parameters: [{ name: 'Device.DeviceInfo.NoSuchThing', type: 'string', value: 'x' }],
    });
    expect(event.result.kind).toBe('fault');
    expect(update?.addFaults).toEqual([
      {
        faultId: `${event.eventId}:fault`,
        deviceId: cpe.deviceId,
        code: '9005',
        message: expect.stringContaining('Device.DeviceInfo.NoSuchThing: 9005'),
        source: 'SetParameterValues',
        occurredAt: event.occurredAt,
      },
    ]);
    expect(update?.setParameters).toBeUndefined();
  });
});

describe('learning from AddObject and DeleteObject', () => {
  it('adds the new instance and deletes a removed one with everything under it', () => {
    const { cpe, known } = registered();
    const added = ask(cpe, known, {
      type: 'AddObject',
      objectName: 'Device.WiFi.SSID.',
      parameterKey: '',
    });
    expect(added.update?.setParameters).toEqual([{ path: 'Device.WiFi.SSID.5.', object: true }]);

    const deleted = ask(cpe, known, {
      type: 'DeleteObject',
      objectName: 'Device.WiFi.SSID.2.',
      parameterKey: '',
    });
    expect(deleted.update?.deleteSubtrees).toEqual(['Device.WiFi.SSID.2.']);
  });

  it('without the request, records the instance number only', () => {
    const { cpe, known } = registered();
    const { update } = ask(
      cpe,
      known,
      { type: 'AddObject', objectName: 'Device.WiFi.SSID.', parameterKey: '' },
      false,
    );
    expect(update?.setParameters).toBeUndefined();
    expect(update?.addEvents?.[0]?.detail).toMatchObject({
      instanceNumber: 5,
      requestKnown: false,
    });
  });
});

it('drops an answer for a device the store does not know', () => {
  const cpe = new SimulatedCpe('tr181', 'SIM000404');
  const event = cpe.answer({ type: 'GetParameterValues', parameterNames: ['Device.'] });
  expect(learnFromRpcResult(event, null, policy)).toEqual({ update: null, lifecycle: [] });
});
