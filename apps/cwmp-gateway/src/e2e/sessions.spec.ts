import { deviceIdOf, type SessionEvent } from '@acs/contracts';
import { simulatedDeviceCredentials } from '../test-support/gateway-stand';
import { nextSession, useGatewayStack } from '../test-support/gateway-stack';

const OUI = '0253AC';
const PRODUCT_CLASS = 'SimGateway-181';
const SERIALS = Array.from({ length: 8 }, (_, i) => `E2E${String(i).padStart(4, '0')}`);
const deviceOf = (serial: string) =>
  deviceIdOf({ oui: OUI, productClass: PRODUCT_CLASS, serialNumber: serial });
type Of<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;

describe('CWMP sessions: simulated CPEs through the gateway, Redis and Kafka', () => {
  const stack = useGatewayStack({
    credentials: simulatedDeviceCredentials(OUI, PRODUCT_CLASS, SERIALS),
  });
  const closedSession = (deviceId: string) =>
    stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceId && e.type === 'SessionClosed',
    ) as Promise<Of<'SessionClosed'>>;

  it('runs a session of many RPCs, publishing each result before the CPE hears back', async () => {
    const serial = SERIALS[0] as string;
    const deviceId = deviceOf(serial);
    const { orchestrator } = stack();
    orchestrator.plan(deviceId, [
      { type: 'GetRPCMethods' },
      { type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.SoftwareVersion'] },
      {
        type: 'SetParameterValues',
        parameters: [
          {
            name: 'Device.ManagementServer.PeriodicInformInterval',
            type: 'unsignedInt',
            value: 1234,
          },
        ],
        parameterKey: 'e2e-1',
      },
      { type: 'GetParameterNames', parameterPath: 'Device.DeviceInfo.', nextLevel: true },
      { type: 'GetParameterAttributes', parameterNames: ['Device.DeviceInfo.SoftwareVersion'] },
      {
        type: 'SetParameterAttributes',
        parameters: [
          {
            name: 'Device.DeviceInfo.SoftwareVersion',
            notificationChange: true,
            notification: 2,
            accessListChange: false,
            accessList: [],
          },
        ],
      },
      { type: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: 'e2e-2' },
      { type: 'GetParameterValues', parameterNames: ['Device.No.Such.Parameter'] },
      { type: 'GetQueuedTransfers' },
      { type: 'GetAllQueuedTransfers' },
      { type: 'ScheduleInform', delaySeconds: 3600, commandKey: 'e2e-later' },
    ]);
    const simulator = await stack().simulate({ firstOrdinal: 0 });
    const session = nextSession(simulator, serial);
    const closed = await closedSession(deviceId);
    expect(await session).toMatchObject({ ok: true, rpcCount: 11 });
    expect(closed).toMatchObject({ reason: 'completed', rpcCount: 11 });

    const events = orchestrator.eventsOf(deviceId);
    expect(events.map((event) => event.type)).toEqual([
      'SessionOpened',
      ...Array<string>(11).fill('RpcResult'),
      'SessionClosed',
    ]);
    const opened = events[0] as Of<'SessionOpened'>;
    expect(opened.inform.events.map((event) => event.eventCode)).toContain('0 BOOTSTRAP');
    const results = events.filter((event): event is Of<'RpcResult'> => event.type === 'RpcResult');
    expect(results.map((event) => [event.method, event.result.kind])).toEqual([
      ['GetRPCMethods', 'response'],
      ['GetParameterValues', 'response'],
      ['SetParameterValues', 'response'],
      ['GetParameterNames', 'response'],
      ['GetParameterAttributes', 'response'],
      ['SetParameterAttributes', 'response'],
      ['AddObject', 'response'],
      ['GetParameterValues', 'fault'],
      ['GetQueuedTransfers', 'response'],
      ['GetAllQueuedTransfers', 'response'],
      ['ScheduleInform', 'response'],
    ]);
    // Each result carries the request it answers, for provisioning and inventory.
    expect(results[2]?.request).toMatchObject({
      type: 'SetParameterValues',
      parameterKey: 'e2e-1',
    });
    const fault = results[7] as Of<'RpcResult'>;
    expect(fault.result.kind === 'fault' && fault.result.fault.faultCode).toBe(9005);
    // The CPE really applied what the ACS sent.
    expect(
      simulator.device(serial).parameter('Device.ManagementServer.PeriodicInformInterval')?.value,
    ).toBe(1234);
    expect(orchestrator.invalid).toEqual([]);
  }, 60_000);

  it('answers every CPE request method and publishes each one', async () => {
    const serial = SERIALS[1] as string;
    const deviceId = deviceOf(serial);
    const simulator = await stack().simulate({ firstOrdinal: 1 });
    await nextSession(simulator, serial);
    const device = simulator.device(serial);
    const now = new Date().toISOString();
    device.sendRequest({ type: 'GetRPCMethods' });
    device.sendRequest({
      type: 'Kicked',
      command: 'kick',
      referer: 'http://portal',
      arg: 'x',
      next: 'http://portal/next',
    });
    device.sendRequest({
      type: 'RequestDownload',
      fileType: '1 Firmware Upgrade Image',
      fileTypeArgs: [],
    });
    device.sendRequest({
      type: 'TransferComplete',
      commandKey: 'never-issued',
      fault: { faultCode: 0, faultString: '' },
      startTime: now,
      completeTime: now,
    });
    device.sendRequest({
      type: 'AutonomousTransferComplete',
      announceUrl: '',
      transferUrl: 'http://files/fw.bin',
      isDownload: true,
      fileType: '1 Firmware Upgrade Image',
      fileSize: 1024,
      targetFileName: 'fw.bin',
      fault: { faultCode: 0, faultString: '' },
      startTime: now,
      completeTime: now,
    });
    device.sendRequest({ type: 'DUStateChangeComplete', commandKey: 'du', results: [] });
    device.sendRequest({ type: 'AutonomousDUStateChangeComplete', results: [] });
    const { orchestrator } = stack();
    const expected = [
      'GetRPCMethods',
      'Kicked',
      'RequestDownload',
      'TransferComplete',
      'AutonomousTransferComplete',
      'DUStateChangeComplete',
      'AutonomousDUStateChangeComplete',
    ];
    for (const method of expected) {
      await orchestrator.waitFor(
        (e) => e.deviceId === deviceId && e.type === 'CpeRequest' && e.request.type === method,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(simulator.stats().failuresByReason).toEqual({});
  }, 60_000);

  it('completes the sessions of CPEs that return no cookie', async () => {
    const serial = SERIALS[2] as string;
    const deviceId = deviceOf(serial);
    stack().orchestrator.plan(deviceId, [
      { type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.UpTime'] },
    ]);
    const simulator = await stack().simulate({ firstOrdinal: 2, quirks: { noCookies: true } });
    expect(await nextSession(simulator, serial)).toMatchObject({ ok: true, rpcCount: 1 });
    expect(await closedSession(deviceId)).toMatchObject({ reason: 'completed', rpcCount: 1 });
  }, 60_000);

  it('meets CPE quirks: ISO-8859-1, chunked bodies, 0/1 booleans, no xsi:type, text/xml empty POSTs', async () => {
    const serial = SERIALS[3] as string;
    const deviceId = deviceOf(serial);
    stack().orchestrator.plan(deviceId, [
      {
        type: 'GetParameterValues',
        parameterNames: ['Device.ManagementServer.PeriodicInformEnable'],
      },
    ]);
    const simulator = await stack().simulate({
      firstOrdinal: 3,
      quirks: {
        latin1Bodies: true,
        chunkedBodies: true,
        booleansAsDigits: true,
        noXsiType: true,
        emptyPostContentType: true,
        namespace: 'urn:dslforum-org:cwmp-1-0',
      },
    });
    expect(await nextSession(simulator, serial)).toMatchObject({ ok: true, rpcCount: 1 });
    const opened = (await stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceId && e.type === 'SessionOpened',
    )) as Of<'SessionOpened'>;
    expect(opened).toMatchObject({ namespace: 'urn:dslforum-org:cwmp-1-0', cwmpVersion: '1.0' });
  }, 60_000);

  it('negotiates CWMP 1.4 with a CPE that announces its versions', async () => {
    const serial = SERIALS[4] as string;
    const deviceId = deviceOf(serial);
    const simulator = await stack().simulate({
      firstOrdinal: 4,
      quirks: {
        namespace: 'urn:dslforum-org:cwmp-1-2',
        supportedCwmpVersions: ['1.0', '1.2', '1.4'],
      },
    });
    expect(await nextSession(simulator, serial)).toMatchObject({ ok: true });
    const opened = (await stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceId && e.type === 'SessionOpened',
    )) as Of<'SessionOpened'>;
    expect(opened.cwmpVersion).toBe('1.4');
  }, 60_000);
});
