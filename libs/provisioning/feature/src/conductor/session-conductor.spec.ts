import { ProvisioningTestBed } from '../test-support/provisioning-test-bed';

describe('session conductor', () => {
  let bed: ProvisioningTestBed;
  beforeEach(() => {
    bed = new ProvisioningTestBed();
  });
  afterEach(async () => {
    await bed.close();
  });

  /** A task without payload, as the operator API queues it. */
  const queueTask = (deviceId: string, type: 'reboot' | 'factoryReset') =>
    bed.tasks.create({
      deviceId,
      type,
      payload: {},
      connectionRequest: false,
      expiresInSeconds: 3600,
    });

  it('ends a periodic session at once, without loading the device, once it was found idle', async () => {
    const boot = await bed.open('SN1', ['1 BOOT']);
    await bed.deliver(boot);
    expect(await bed.outbox(boot.deviceId, boot.sessionId)).toEqual([
      { kind: 'end', sessionId: boot.sessionId },
    ]);

    const readsBefore = bed.deviceReads;
    const periodic = await bed.open('SN1', ['2 PERIODIC']);
    await bed.deliver(periodic);
    expect(await bed.outbox(periodic.deviceId, periodic.sessionId)).toEqual([
      { kind: 'end', sessionId: periodic.sessionId },
    ]);
    expect(bed.deviceReads).toBe(readsBefore);
  });

  it('never takes the fast path for a device never evaluated', async () => {
    const periodic = await bed.open('SN2', ['2 PERIODIC']);
    await bed.deliver(periodic);
    expect(bed.deviceReads).toBeGreaterThan(0);
  });

  it('sends a task queued after the device was found idle at its next periodic inform', async () => {
    const boot = await bed.open('SN3', ['1 BOOT']);
    await bed.deliver(boot);
    await queueTask(boot.deviceId, 'reboot');
    const periodic = await bed.open('SN3', ['2 PERIODIC']);
    await bed.deliver(periodic);
    const [entry] = await bed.outbox(periodic.deviceId, periodic.sessionId);
    expect(entry).toMatchObject({ kind: 'rpc', request: { type: 'Reboot' } });
  });

  it('takes a task queued while its device is in session into that session', async () => {
    const read = (deviceId: string, name: string) =>
      bed.tasks.create({
        deviceId,
        type: 'getParameterValues',
        payload: { parameterNames: [name] },
        connectionRequest: true,
        expiresInSeconds: 3600,
      });
    const opened = await bed.open('SN9', ['6 CONNECTION REQUEST']);
    const first = await read(opened.deviceId, 'Device.DeviceInfo.UpTime');
    await bed.deliver(opened);
    const [sent] = await bed.outbox(opened.deviceId, opened.sessionId);
    if (sent?.kind !== 'rpc') throw new Error(`expected an RPC, got ${JSON.stringify(sent)}`);

    // A second later, the operator's next task, while the CPE is still answering the first.
    const second = await read(opened.deviceId, 'Device.WiFi.SSID.1.SSID');
    const answer = (rpcId: string, name: string, index: number) => ({
      schemaVersion: 1 as const,
      eventId: `answer-${index}`,
      deviceId: opened.deviceId,
      sessionId: opened.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'RpcResult' as const,
      rpcId,
      method: 'GetParameterValues',
      result: {
        kind: 'response' as const,
        response: {
          type: 'GetParameterValuesResponse' as const,
          parameters: [{ name, type: 'string' as const, value: 'x' }],
        },
      },
    });
    await bed.deliver(answer(sent.rpcId, 'Device.DeviceInfo.UpTime', 1));
    const [next] = await bed.outbox(opened.deviceId, opened.sessionId);
    expect(next).toMatchObject({
      kind: 'rpc',
      request: { type: 'GetParameterValues', parameterNames: ['Device.WiFi.SSID.1.SSID'] },
    });
    if (next?.kind !== 'rpc') return;
    await bed.deliver(answer(next.rpcId, 'Device.WiFi.SSID.1.SSID', 2));
    expect(await bed.outbox(opened.deviceId, opened.sessionId)).toEqual([
      { kind: 'end', sessionId: opened.sessionId },
    ]);
    for (const task of [first, second])
      expect(await bed.stores.tasks.get(task.id)).toMatchObject({ status: 'done' });
  });

  it('walks a subtree with GetParameterNames on the retry of a refresh whose partial-path read faulted', async () => {
    await bed.close();
    bed = new ProvisioningTestBed({ retryDelayMs: 0 });
    const first = await bed.open('SN10', ['2 PERIODIC']);
    const task = await bed.tasks.create({
      deviceId: first.deviceId,
      type: 'refresh',
      payload: { subtree: 'Device.NAT.' },
      connectionRequest: false,
      expiresInSeconds: 3600,
    });
    await bed.deliver(first);
    const [read] = await bed.outbox(first.deviceId, first.sessionId);
    expect(read).toMatchObject({
      kind: 'rpc',
      request: { type: 'GetParameterValues', parameterNames: ['Device.NAT.'] },
    });
    if (read?.kind !== 'rpc') return;
    const result = (opened: typeof first, rpcId: string, id: string, outcome: object) => ({
      schemaVersion: 1 as const,
      eventId: id,
      deviceId: opened.deviceId,
      sessionId: opened.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'RpcResult' as const,
      rpcId,
      method: 'GetParameterValues',
      result: outcome as never,
    });
    await bed.deliver(
      result(first, read.rpcId, 'fault-1', {
        kind: 'fault',
        fault: {
          type: 'Fault',
          soapFaultCode: 'Client',
          soapFaultString: 'CWMP fault',
          faultCode: 9005,
          faultString: 'Invalid parameter name',
          setParameterValuesFaults: [],
        },
      }),
      bed.closed(first, 'completed'),
    );
    expect(await bed.stores.tasks.get(task.id)).toMatchObject({
      status: 'pending',
      fault: { code: '9005' },
    });

    const retry = await bed.open('SN10', ['2 PERIODIC']);
    await bed.deliver(retry);
    const [names] = await bed.outbox(retry.deviceId, retry.sessionId);
    expect(names).toMatchObject({
      kind: 'rpc',
      request: { type: 'GetParameterNames', parameterPath: 'Device.NAT.', nextLevel: false },
    });
    if (names?.kind !== 'rpc') return;
    await bed.deliver(
      result(retry, names.rpcId, 'names-1', {
        kind: 'response',
        response: {
          type: 'GetParameterNamesResponse',
          parameters: [{ name: 'Device.NAT.PortMappingNumberOfEntries', writable: false }],
        },
      }),
    );
    const [leaves] = await bed.outbox(retry.deviceId, retry.sessionId);
    expect(leaves).toMatchObject({
      kind: 'rpc',
      request: {
        type: 'GetParameterValues',
        parameterNames: ['Device.NAT.PortMappingNumberOfEntries'],
      },
    });
  });

  it('re-evaluates idle devices after a preset change', async () => {
    const boot = await bed.open('SN4', ['1 BOOT']);
    await bed.deliver(boot);
    const configuration = await bed.stores.configurations.create({
      name: 'ssid',
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'x-{{device:serialNumber}}' }],
    });
    await bed.stores.presets.create({
      name: 'all',
      configurationId: configuration.id,
      precedence: 1,
      match: {},
    });
    const periodic = await bed.open('SN4', ['2 PERIODIC']);
    await bed.deliver(periodic);
    const [entry] = await bed.outbox(periodic.deviceId, periodic.sessionId);
    expect(entry).toMatchObject({
      kind: 'rpc',
      request: {
        type: 'SetParameterValues',
        parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'x-SN4' }],
      },
    });
  });

  it('queues nothing twice when the same events are delivered again', async () => {
    const boot = await bed.open('SN5', ['1 BOOT']);
    await queueTask(boot.deviceId, 'factoryReset');
    await bed.deliver(boot);
    await bed.deliver(boot);
    const entries = await bed.outbox(boot.deviceId, boot.sessionId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'rpc', request: { type: 'FactoryReset' } });
    const { tasks } = await bed.tasks.list({ deviceId: boot.deviceId, limit: 10 });
    expect(tasks[0]).toMatchObject({ status: 'running', attempts: 1 });
  });

  it('queues one decision when two instances decide the same event at once (a rebalance)', async () => {
    const boot = await bed.open('SN6', ['1 BOOT']);
    await queueTask(boot.deviceId, 'reboot');
    await Promise.all([bed.deliver(boot), bed.deliver(boot)]);
    const entries = await bed.outbox(boot.deviceId, boot.sessionId);
    expect(entries).toHaveLength(1);
  });

  it("writes the RPC the way the device's quirk profile says", async () => {
    const quirky = new ProvisioningTestBed({
      quirkProfiles: [
        {
          id: 'digits',
          description: 'sends booleans as 1/0',
          match: { oui: ['0253AC'] },
          encode: { booleansAsDigits: true },
        },
      ],
    });
    try {
      const boot = await quirky.open('SN6', ['1 BOOT']);
      await quirky.tasks.create({
        deviceId: boot.deviceId,
        type: 'setParameterValues',
        payload: { values: [{ name: 'Device.WiFi.SSID.1.Enable', value: true }] },
        connectionRequest: false,
        expiresInSeconds: 3600,
      });
      await quirky.deliver(boot);
      const [entry] = await quirky.outbox(boot.deviceId, boot.sessionId);
      expect(entry).toMatchObject({ kind: 'rpc', encoding: { booleansAsDigits: true } });
    } finally {
      await quirky.close();
    }
  });

  it("runs a configuration's one-off action once per device, as a task", async () => {
    await bed.register('SN7');
    const configuration = await bed.stores.configurations.create({
      name: 'welcome',
      actions: [{ id: 'first-reboot', type: 'reboot' }],
    });
    await bed.stores.presets.create({
      name: 'new devices',
      configurationId: configuration.id,
      precedence: 1,
      match: {},
    });
    const boot = await bed.open('SN7', ['1 BOOT']);
    await bed.deliver(boot);
    const [entry] = await bed.outbox(boot.deviceId, boot.sessionId);
    expect(entry).toMatchObject({ kind: 'rpc', request: { type: 'Reboot' } });

    const again = await bed.open('SN7', ['1 BOOT']);
    await bed.deliver(again);
    expect(await bed.outbox(again.deviceId, again.sessionId)).toEqual([
      { kind: 'end', sessionId: again.sessionId },
    ]);
    const { tasks } = await bed.tasks.list({ deviceId: boot.deviceId, limit: 10 });
    expect(tasks.map((task) => task.type)).toEqual(['reboot']);
  });

  it('queues the configured file for a RequestDownload, once, and reports DU changes', async () => {
    const configured = new ProvisioningTestBed({
      requestDownloadUrls: { '1 Firmware Upgrade Image': 'http://files.example/fw.bin' },
    });
    const published: string[] = [];
    configured.bus.subscribe('acs.events', async (message) => void published.push(message.value));
    try {
      const boot = await configured.open('SN8', ['9 REQUEST DOWNLOAD']);
      const base = {
        schemaVersion: 1 as const,
        deviceId: boot.deviceId,
        sessionId: boot.sessionId,
        occurredAt: new Date().toISOString(),
        gatewayPod: 'pod',
        type: 'CpeRequest' as const,
      };
      const requestDownload = {
        ...base,
        eventId: 'rd-1',
        request: {
          type: 'RequestDownload' as const,
          fileType: '1 Firmware Upgrade Image',
          fileTypeArgs: [],
        },
      };
      const duChange = {
        ...base,
        eventId: 'du-1',
        request: {
          type: 'AutonomousDUStateChangeComplete' as const,
          results: [],
        },
      };
      await configured.deliver(boot, requestDownload, duChange);
      await configured.deliver(requestDownload);
      const { tasks } = await configured.tasks.list({ deviceId: boot.deviceId, limit: 10 });
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        type: 'download',
        payload: { url: 'http://files.example/fw.bin', fileType: '1 Firmware Upgrade Image' },
      });
      expect(published.map((value) => JSON.parse(value).type)).toContain('DeploymentUnitsChanged');
    } finally {
      await configured.close();
    }
  });
});
