import type { Fault, ParameterValue, SetParameterValues } from '@acs/cwmp-codec';
import { createDeviceState, DeviceState } from '../model/device-state';
import { readParameter } from '../model/tree';
import { TR098_INTERNET_GATEWAY, TR181_HOME_GATEWAY } from '../profiles';
import { completeTransfer, startTransfer } from './completion';
import { handleRpc } from './dispatch';
import { RpcOutcome } from './outcome';

const device = (): DeviceState => createDeviceState(TR181_HOME_GATEWAY, 'SIM000042', 42);

function ok<T extends RpcOutcome['reply']['type']>(outcome: RpcOutcome, type: T) {
  expect(outcome.reply.type).toBe(type);
  return outcome.reply as Extract<RpcOutcome['reply'], { type: T }>;
}

function faultOf(outcome: RpcOutcome): Fault {
  expect(outcome.reply.type).toBe('Fault');
  return outcome.reply as Fault;
}

function value(state: DeviceState, path: string): ParameterValue['value'] | undefined {
  return readParameter(state, path)?.value;
}

function spv(parameters: ParameterValue[], parameterKey = 'key-1'): SetParameterValues {
  return { type: 'SetParameterValues', parameters, parameterKey };
}

describe('profiles', () => {
  it.each([TR181_HOME_GATEWAY, TR098_INTERNET_GATEWAY])(
    '$id has a tree of several hundred parameters with writable ones',
    (profile) => {
      const state = createDeviceState(profile, 'SIM000001', 1);
      const all = ok(
        handleRpc(state, { type: 'GetParameterValues', parameterNames: [`${profile.root.name}.`] }),
        'GetParameterValuesResponse',
      ).parameters;
      expect(all.length).toBeGreaterThan(200);
      const names = ok(
        handleRpc(state, { type: 'GetParameterNames', parameterPath: '', nextLevel: false }),
        'GetParameterNamesResponse',
      ).parameters;
      expect(
        names.filter((info) => info.writable && !info.name.endsWith('.')).length,
      ).toBeGreaterThan(50);
      expect(
        all.find((parameter) => parameter.name.endsWith('DeviceInfo.SerialNumber'))?.value,
      ).toBe('SIM000001');
    },
  );

  it('derives per-device values from the ordinal without storing them', () => {
    const a = createDeviceState(TR181_HOME_GATEWAY, 'SIM000001', 1);
    const b = createDeviceState(TR181_HOME_GATEWAY, 'SIM000002', 2);
    const mac = 'Device.Ethernet.Interface.1.MACAddress';
    expect(value(a, mac)).not.toBe(value(b, mac));
    expect(a.values.size).toBe(0);
  });
});

describe('GetParameterNames', () => {
  it('lists the immediate children of a partial path with NextLevel', () => {
    const names = ok(
      handleRpc(device(), {
        type: 'GetParameterNames',
        parameterPath: 'Device.WiFi.SSID.',
        nextLevel: true,
      }),
      'GetParameterNamesResponse',
    ).parameters;
    expect(names).toEqual(
      [1, 2, 3, 4].map((n) => ({ name: `Device.WiFi.SSID.${n}.`, writable: true })),
    );
  });

  it('lists the path itself and everything below without NextLevel', () => {
    const names = ok(
      handleRpc(device(), {
        type: 'GetParameterNames',
        parameterPath: 'Device.Time.',
        nextLevel: false,
      }),
      'GetParameterNamesResponse',
    ).parameters;
    expect(names[0]).toEqual({ name: 'Device.Time.', writable: false });
    expect(names).toContainEqual({ name: 'Device.Time.NTPServer1', writable: true });
    expect(names).toContainEqual({ name: 'Device.Time.Status', writable: false });
  });

  it('answers the root object for an empty path with NextLevel', () => {
    const names = ok(
      handleRpc(device(), { type: 'GetParameterNames', parameterPath: '', nextLevel: true }),
      'GetParameterNamesResponse',
    ).parameters;
    expect(names).toEqual([{ name: 'Device.', writable: false }]);
  });

  it('faults 9005 on unknown paths and absent instances, 9003 on NextLevel for a parameter', () => {
    const gpn = (parameterPath: string, nextLevel: boolean) =>
      handleRpc(device(), { type: 'GetParameterNames', parameterPath, nextLevel });
    expect(faultOf(gpn('Device.Nope.', true)).faultCode).toBe(9005);
    expect(faultOf(gpn('Device.WiFi.SSID.9.', true)).faultCode).toBe(9005);
    expect(faultOf(gpn('Device.Time.Status', true)).faultCode).toBe(9003);
  });
});

describe('GetParameterValues', () => {
  it('answers full names and partial paths with typed values', () => {
    const parameters = ok(
      handleRpc(device(), {
        type: 'GetParameterValues',
        parameterNames: ['Device.ManagementServer.PeriodicInformInterval', 'Device.Hosts.'],
      }),
      'GetParameterValuesResponse',
    ).parameters;
    expect(parameters[0]).toEqual({
      name: 'Device.ManagementServer.PeriodicInformInterval',
      type: 'unsignedInt',
      value: 86400,
    });
    expect(parameters.filter((p) => p.name.endsWith('.HostName')).map((p) => p.value)).toEqual([
      'host-1',
      'host-2',
      'host-3',
    ]);
    expect(parameters).toContainEqual({
      name: 'Device.Hosts.HostNumberOfEntries',
      type: 'unsignedInt',
      value: 3,
    });
  });

  it('faults 9005 when any name is unknown', () => {
    const outcome = handleRpc(device(), {
      type: 'GetParameterValues',
      parameterNames: ['Device.DeviceInfo.SerialNumber', 'Device.DeviceInfo.Nope'],
    });
    expect(faultOf(outcome).faultCode).toBe(9005);
  });
});

describe('SetParameterValues', () => {
  it('changes values and the ParameterKey', () => {
    const outcome = handleRpc(
      device(),
      spv(
        [
          { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'home' },
          {
            name: 'Device.ManagementServer.PeriodicInformInterval',
            type: 'unsignedInt',
            value: 300,
          },
          // No xsi:type from the ACS reads as string and is parsed under the parameter's type.
          { name: 'Device.WiFi.Radio.1.AutoChannelEnable', type: 'string', value: '0' },
        ],
        'job-7',
      ),
    );
    expect(ok(outcome, 'SetParameterValuesResponse').status).toBe(0);
    expect(value(outcome.state, 'Device.WiFi.SSID.1.SSID')).toBe('home');
    expect(value(outcome.state, 'Device.ManagementServer.PeriodicInformInterval')).toBe(300);
    expect(value(outcome.state, 'Device.WiFi.Radio.1.AutoChannelEnable')).toBe(false);
    expect(value(outcome.state, 'Device.ManagementServer.ParameterKey')).toBe('job-7');
  });

  it.each([
    ['an unknown name', { name: 'Device.WiFi.SSID.1.Nope', type: 'string', value: 'x' }, 9005],
    ['an absent instance', { name: 'Device.WiFi.SSID.7.SSID', type: 'string', value: 'x' }, 9005],
    [
      'a read-only parameter',
      { name: 'Device.DeviceInfo.SerialNumber', type: 'string', value: 'x' },
      9008,
    ],
    [
      'a wrong xsi:type',
      { name: 'Device.WiFi.Radio.1.Channel', type: 'boolean', value: true },
      9006,
    ],
    [
      'a value out of range',
      { name: 'Device.WiFi.Radio.1.Channel', type: 'unsignedInt', value: 999 },
      9007,
    ],
    [
      'a value outside the enumeration',
      { name: 'Device.UserInterface.RemoteAccess.Protocol', type: 'string', value: 'FTP' },
      9007,
    ],
    [
      'an unparsable string',
      { name: 'Device.WiFi.Radio.1.Channel', type: 'string', value: 'six' },
      9007,
    ],
    [
      'a string too long',
      { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'x'.repeat(33) },
      9007,
    ],
  ] as [string, ParameterValue, number][])(
    'faults on %s and changes nothing',
    (_label, bad, code) => {
      const before = device();
      const outcome = handleRpc(
        before,
        spv([{ name: 'Device.WiFi.SSID.2.SSID', type: 'string', value: 'ok' }, bad]),
      );
      const failure = faultOf(outcome);
      expect(failure.faultCode).toBe(code);
      expect(failure.setParameterValuesFaults).toEqual([
        expect.objectContaining({ parameterName: bad.name, faultCode: code }),
      ]);
      expect(outcome.state).toBe(before);
      expect(value(outcome.state, 'Device.WiFi.SSID.2.SSID')).toBe('SIM000042-5G');
    },
  );

  it('answers 9003 with one entry per parameter when the faults differ', () => {
    const failure = faultOf(
      handleRpc(
        device(),
        spv([
          { name: 'Device.Nope', type: 'string', value: 'x' },
          { name: 'Device.DeviceInfo.SerialNumber', type: 'string', value: 'x' },
        ]),
      ),
    );
    expect(failure.faultCode).toBe(9003);
    expect(failure.setParameterValuesFaults.map((entry) => entry.faultCode)).toEqual([9005, 9008]);
  });
});

describe('attributes', () => {
  it('sets notification and access list over a partial path and reads them back', () => {
    const set = handleRpc(device(), {
      type: 'SetParameterAttributes',
      parameters: [
        {
          name: 'Device.Time.',
          notificationChange: true,
          notification: 1,
          accessListChange: true,
          accessList: ['Subscriber'],
        },
      ],
    });
    ok(set, 'SetParameterAttributesResponse');
    const attributes = ok(
      handleRpc(set.state, {
        type: 'GetParameterAttributes',
        parameterNames: ['Device.Time.NTPServer1', 'Device.DeviceInfo.SoftwareVersion'],
      }),
      'GetParameterAttributesResponse',
    ).parameters;
    expect(attributes).toEqual([
      { name: 'Device.Time.NTPServer1', notification: 1, accessList: ['Subscriber'] },
      { name: 'Device.DeviceInfo.SoftwareVersion', notification: 2, accessList: [] },
    ]);
  });

  it('refuses to turn off a forced active notification (9009)', () => {
    const outcome = handleRpc(device(), {
      type: 'SetParameterAttributes',
      parameters: [
        {
          name: 'Device.DeviceInfo.SoftwareVersion',
          notificationChange: true,
          notification: 0,
          accessListChange: false,
          accessList: [],
        },
      ],
    });
    expect(faultOf(outcome).faultCode).toBe(9009);
  });
});

describe('AddObject and DeleteObject', () => {
  it('adds numbered instances with defaults, deletes them, never reuses a number', () => {
    const added = handleRpc(device(), {
      type: 'AddObject',
      objectName: 'Device.NAT.PortMapping.',
      parameterKey: 'add-1',
    });
    expect(ok(added, 'AddObjectResponse')).toEqual({
      type: 'AddObjectResponse',
      instanceNumber: 1,
      status: 0,
    });
    expect(value(added.state, 'Device.NAT.PortMapping.1.Protocol')).toBe('TCP');
    expect(value(added.state, 'Device.NAT.PortMappingNumberOfEntries')).toBe(1);
    expect(value(added.state, 'Device.ManagementServer.ParameterKey')).toBe('add-1');

    const set = handleRpc(
      added.state,
      spv([{ name: 'Device.NAT.PortMapping.1.ExternalPort', type: 'unsignedInt', value: 8080 }]),
    );
    const deleted = handleRpc(set.state, {
      type: 'DeleteObject',
      objectName: 'Device.NAT.PortMapping.1.',
      parameterKey: 'del-1',
    });
    expect(ok(deleted, 'DeleteObjectResponse').status).toBe(0);
    expect(readParameter(deleted.state, 'Device.NAT.PortMapping.1.ExternalPort')).toBeUndefined();
    expect(deleted.state.values.has('Device.NAT.PortMapping.1.ExternalPort')).toBe(false);

    const again = handleRpc(deleted.state, {
      type: 'AddObject',
      objectName: 'Device.NAT.PortMapping.',
      parameterKey: '',
    });
    expect(ok(again, 'AddObjectResponse').instanceNumber).toBe(2);
  });

  it('refuses tables the ACS may not change and things that are not tables', () => {
    expect(
      faultOf(
        handleRpc(device(), {
          type: 'AddObject',
          objectName: 'Device.Hosts.Host.',
          parameterKey: '',
        }),
      ).faultCode,
    ).toBe(9001);
    expect(
      faultOf(
        handleRpc(device(), { type: 'AddObject', objectName: 'Device.Time.', parameterKey: '' }),
      ).faultCode,
    ).toBe(9005);
    expect(
      faultOf(
        handleRpc(device(), {
          type: 'DeleteObject',
          objectName: 'Device.WiFi.SSID.9.',
          parameterKey: '',
        }),
      ).faultCode,
    ).toBe(9005);
  });
});

describe('Reboot, FactoryReset, ScheduleInform, GetRPCMethods, unknown methods', () => {
  it('Reboot queues 1 BOOT and M Reboot with the CommandKey and asks for a reboot', () => {
    const state = { ...device(), pendingEvents: [] };
    const outcome = handleRpc(state, { type: 'Reboot', commandKey: 'reboot-9' });
    expect(outcome.state.pendingEvents).toEqual([
      { eventCode: '1 BOOT', commandKey: '' },
      { eventCode: 'M Reboot', commandKey: 'reboot-9' },
    ]);
    expect(outcome.effects).toEqual([{ kind: 'reboot' }]);
  });

  it('FactoryReset restores defaults and bootstraps', () => {
    const changed = handleRpc(
      { ...device(), pendingEvents: [] },
      spv([{ name: 'Device.Time.NTPServer1', type: 'string', value: 'ntp.example' }]),
    );
    const reset = handleRpc(changed.state, { type: 'FactoryReset' });
    expect(value(reset.state, 'Device.Time.NTPServer1')).toBe('pool.ntp.org');
    expect(value(reset.state, 'Device.ManagementServer.ParameterKey')).toBe('');
    expect(reset.state.pendingEvents.map((event) => event.eventCode)).toEqual([
      '0 BOOTSTRAP',
      '1 BOOT',
    ]);
  });

  it('ScheduleInform leaves a timer effect; zero delay is invalid', () => {
    const outcome = handleRpc(device(), {
      type: 'ScheduleInform',
      delaySeconds: 30,
      commandKey: 'si',
    });
    expect(outcome.effects).toEqual([
      { kind: 'scheduleInform', delaySeconds: 30, commandKey: 'si' },
    ]);
    expect(
      faultOf(handleRpc(device(), { type: 'ScheduleInform', delaySeconds: 0, commandKey: '' }))
        .faultCode,
    ).toBe(9003);
  });

  it('GetRPCMethods lists every ACS method; an unknown method is 9000', () => {
    expect(
      ok(handleRpc(device(), { type: 'GetRPCMethods' }), 'GetRPCMethodsResponse').methods,
    ).toContain('ChangeDUState');
    expect(faultOf(handleRpc(device(), { type: 'X_Vendor_Frobnicate' })).faultCode).toBe(9000);
  });
});

describe('transfers', () => {
  const firmware = {
    type: 'Download' as const,
    commandKey: 'fw-1',
    fileType: '1 Firmware Upgrade Image',
    url: 'http://files.example/firmware-2.1.0.bin',
    username: '',
    password: '',
    fileSize: 1024,
    targetFileName: '',
    delaySeconds: 0,
    successUrl: '',
    failureUrl: '',
  };

  it('queues a Download, reports it after completion with TRANSFER COMPLETE and the new version', () => {
    const queued = handleRpc({ ...device(), pendingEvents: [] }, firmware);
    expect(ok(queued, 'DownloadResponse').status).toBe(1);
    expect(queued.effects).toEqual([{ kind: 'transfer', commandKey: 'fw-1' }]);
    expect(
      ok(handleRpc(queued.state, { type: 'GetQueuedTransfers' }), 'GetQueuedTransfersResponse')
        .transfers,
    ).toEqual([{ commandKey: 'fw-1', state: 1 }]);

    const started = startTransfer(queued.state, 'fw-1');
    expect(
      faultOf(handleRpc(started, { type: 'CancelTransfer', commandKey: 'fw-1' })).faultCode,
    ).toBe(9021);
    const done = completeTransfer(started, 'fw-1', {
      fault: { faultCode: 0, faultString: '' },
      startTime: '2026-01-01T00:00:01Z',
      completeTime: '2026-01-01T00:00:02Z',
    });
    expect(done.queuedTransfers).toEqual([]);
    expect(done.owedRequests).toEqual([
      expect.objectContaining({ type: 'TransferComplete', commandKey: 'fw-1' }),
    ]);
    expect(done.pendingEvents).toEqual([
      { eventCode: '7 TRANSFER COMPLETE', commandKey: '' },
      { eventCode: 'M Download', commandKey: 'fw-1' },
      { eventCode: '1 BOOT', commandKey: '' },
    ]);
    expect(value(done, 'Device.DeviceInfo.SoftwareVersion')).toBe('2.1.0');
  });

  it('cancels a transfer not yet started; refuses unsupported protocols', () => {
    const queued = handleRpc(device(), firmware);
    const cancelled = handleRpc(queued.state, { type: 'CancelTransfer', commandKey: 'fw-1' });
    ok(cancelled, 'CancelTransferResponse');
    expect(cancelled.state.queuedTransfers).toEqual([]);
    expect(
      faultOf(handleRpc(device(), { ...firmware, url: 'ftp://files.example/x.bin' })).faultCode,
    ).toBe(9013);
  });

  it('lists uploads in GetAllQueuedTransfers only', () => {
    const queued = handleRpc(device(), {
      type: 'Upload',
      commandKey: 'up-1',
      fileType: '3 Vendor Configuration File',
      url: 'http://files.example/upload',
      username: '',
      password: '',
      delaySeconds: 0,
    });
    expect(
      ok(handleRpc(queued.state, { type: 'GetQueuedTransfers' }), 'GetQueuedTransfersResponse')
        .transfers,
    ).toEqual([]);
    expect(
      ok(
        handleRpc(queued.state, { type: 'GetAllQueuedTransfers' }),
        'GetAllQueuedTransfersResponse',
      ).transfers,
    ).toEqual([expect.objectContaining({ commandKey: 'up-1', isDownload: false, state: 1 })]);
  });

  it('validates ScheduleDownload windows and queues it for the first window', () => {
    const base = {
      type: 'ScheduleDownload' as const,
      commandKey: 'sd-1',
      fileType: '1 Firmware Upgrade Image',
      url: 'http://files.example/firmware-3.0.bin',
      username: '',
      password: '',
      fileSize: 0,
      targetFileName: '',
    };
    const window = (windowStart: number, windowEnd: number) => ({
      windowStart,
      windowEnd,
      windowMode: '1 At Any Time',
      userMessage: '',
      maxRetries: -1,
    });
    const queued = handleRpc(device(), { ...base, timeWindows: [window(30, 90)] });
    ok(queued, 'ScheduleDownloadResponse');
    expect(queued.state.queuedTransfers).toEqual([
      expect.objectContaining({
        kind: 'ScheduleDownload',
        commandKey: 'sd-1',
        delaySeconds: 30,
        state: 1,
      }),
    ]);
    expect(faultOf(handleRpc(device(), { ...base, timeWindows: [] })).faultCode).toBe(9003);
    expect(faultOf(handleRpc(device(), { ...base, timeWindows: [window(90, 30)] })).faultCode).toBe(
      9003,
    );
    expect(
      faultOf(handleRpc(device(), { ...base, timeWindows: [window(100, 200), window(150, 300)] }))
        .faultCode,
    ).toBe(9003);
  });

  it('accepts ChangeDUState for after the session; with no operations it is 9003', () => {
    const request = {
      type: 'ChangeDUState' as const,
      operations: [{ operation: 'Install' as const, url: 'http://files.example/app.ipk' }],
      commandKey: 'du-1',
    };
    const outcome = handleRpc(device(), request);
    ok(outcome, 'ChangeDUStateResponse');
    expect(outcome.effects).toEqual([{ kind: 'changeDuState', request }]);
    expect(faultOf(handleRpc(device(), { ...request, operations: [] })).faultCode).toBe(9003);
  });
});
