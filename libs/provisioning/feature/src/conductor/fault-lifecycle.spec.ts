import {
  TOPICS,
  validateProvisioningEvent,
  type ProvisioningEvent,
  type RpcResult,
  type SessionOpened,
} from '@acs/contracts';
import { ProvisioningTestBed } from '../test-support/provisioning-test-bed';

const cpeFault = (faultCode: number) => ({
  kind: 'fault' as const,
  fault: {
    type: 'Fault' as const,
    soapFaultCode: 'Client',
    soapFaultString: 'CWMP fault',
    faultCode,
    faultString: 'refused',
    setParameterValuesFaults: [],
  },
});

describe('fault lifecycle', () => {
  let bed: ProvisioningTestBed;
  const published: ProvisioningEvent[] = [];
  let counter = 0;
  beforeEach(() => {
    bed = new ProvisioningTestBed({ retryDelayMs: 0 });
    published.length = 0;
    bed.bus.subscribe(TOPICS.events, (message) => {
      const event = validateProvisioningEvent(JSON.parse(message.value));
      if (event.ok) published.push(event.value);
    });
  });
  afterEach(() => bed.close());

  /** The session's one queued RPC, answered with `result`. */
  async function answer(opened: SessionOpened, result: RpcResult['result']) {
    const [entry] = await bed.outbox(opened.deviceId, opened.sessionId);
    if (entry?.kind !== 'rpc') throw new Error(`no RPC queued: ${JSON.stringify(entry)}`);
    await bed.deliver({
      schemaVersion: 1,
      eventId: `result-${++counter}`,
      deviceId: opened.deviceId,
      sessionId: opened.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'RpcResult',
      rpcId: entry.rpcId,
      method: entry.request.type,
      request: entry.request,
      result,
    } as RpcResult);
  }

  const cleared = () => published.filter((event) => event.type === 'FaultCleared');

  it("clears a task's fault when its retry succeeds, announced once", async () => {
    await bed.register('FL1');
    const first = await bed.open('FL1', ['6 CONNECTION REQUEST']);
    const task = await bed.tasks.create({
      deviceId: first.deviceId,
      type: 'reboot',
      payload: {},
      connectionRequest: false,
      expiresInSeconds: 3600,
    });
    await bed.deliver(first);
    await answer(first, cpeFault(9002));
    await bed.deliver(bed.closed(first, 'completed'));
    const [raised] = await bed.devices.listFaults({ deviceId: first.deviceId, limit: 10 });
    expect(raised).toMatchObject({ code: '9002', source: `task:${task.id}`, count: 1 });

    const retry = await bed.open('FL1', ['6 CONNECTION REQUEST']);
    await bed.deliver(retry);
    await answer(retry, { kind: 'response', response: { type: 'RebootResponse' } });
    expect(await bed.stores.tasks.get(task.id)).toMatchObject({ status: 'done' });
    expect(await bed.devices.listFaults({ deviceId: first.deviceId, limit: 10 })).toEqual([]);
    expect(cleared()).toEqual([
      expect.objectContaining({
        eventId: `fault:${raised?.faultId}:cleared`,
        faultId: raised?.faultId,
        source: `task:${task.id}`,
        clearedBy: 'resolved',
      }),
    ]);
  });

  it('clears a preset fault when a later session converges the preset', async () => {
    await bed.register('FL2');
    const configuration = await bed.stores.configurations.create({
      name: 'ssid',
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'x-{{device:serialNumber}}' }],
    });
    await bed.stores.presets.create({
      name: 'ssid',
      configurationId: configuration.id,
      precedence: 1,
      match: {},
    });
    const first = await bed.open('FL2', ['1 BOOT']);
    await bed.deliver(first);
    await answer(first, cpeFault(9007));
    await bed.deliver(bed.closed(first, 'completed'));
    const [raised] = await bed.devices.listFaults({ deviceId: first.deviceId, limit: 10 });
    expect(raised).toMatchObject({ code: '9007', source: expect.stringMatching(/^provisioning /) });
    expect(cleared()).toEqual([]);

    const later = await bed.open('FL2', ['6 CONNECTION REQUEST']);
    await bed.deliver(later);
    await answer(later, {
      kind: 'response',
      response: { type: 'SetParameterValuesResponse', status: 0 },
    });
    expect(await bed.outbox(later.deviceId, later.sessionId)).toEqual([
      { kind: 'end', sessionId: later.sessionId },
    ]);
    expect(await bed.devices.listFaults({ deviceId: first.deviceId, limit: 10 })).toEqual([]);
    expect(cleared()).toEqual([
      expect.objectContaining({ faultId: raised?.faultId, code: '9007', clearedBy: 'resolved' }),
    ]);
  });
});
