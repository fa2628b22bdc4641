import type { CpeResponse, ParameterValue } from '@acs/cwmp-codec';
import {
  assertPublicMessage,
  TOPICS,
  type DiagnosticCompleted,
  type OutboxEntry,
  type SessionOpened,
} from '@acs/contracts';
import { ProvisioningTestBed } from '../test-support/provisioning-test-bed';

describe('diagnostic runs', () => {
  let bed: ProvisioningTestBed;
  let completed: DiagnosticCompleted[];
  const listen = () => {
    completed = [];
    bed.bus.subscribe(TOPICS.events, (message) => {
      const event = assertPublicMessage(TOPICS.events, message.value);
      if (event.type === 'DiagnosticCompleted') completed.push(event);
    });
  };
  beforeEach(() => {
    bed = new ProvisioningTestBed();
    listen();
  });
  afterEach(async () => {
    await bed.close();
  });

  const traceRoute = (deviceId: string, host: string) =>
    bed.tasks.create({
      deviceId,
      type: 'diagnostic',
      payload: {
        diagnostic: 'traceRoute',
        dataModel: 'InternetGatewayDevice.',
        inputs: { host, maxHopCount: 30 },
      },
      connectionRequest: true,
      expiresInSeconds: 3600,
    });

  let answers = 0;
  const answer = (opened: SessionOpened, entry: OutboxEntry | undefined, response: CpeResponse) => {
    if (entry?.kind !== 'rpc') throw new Error(`expected an RPC, got ${JSON.stringify(entry)}`);
    return bed.deliver({
      schemaVersion: 1,
      eventId: `answer-${++answers}`,
      deviceId: opened.deviceId,
      sessionId: opened.sessionId,
      occurredAt: new Date().toISOString(),
      gatewayPod: 'pod',
      type: 'RpcResult',
      rpcId: entry.rpcId,
      method: entry.request.type,
      result: { kind: 'response', response },
    });
  };
  const spvDone: CpeResponse = { type: 'SetParameterValuesResponse', status: 1 };
  const object = 'InternetGatewayDevice.TraceRouteDiagnostics.';
  const results = (state: string): ParameterValue[] => [
    { name: `${object}DiagnosticsState`, type: 'string', value: state },
    { name: `${object}ResponseTime`, type: 'unsignedInt', value: 12 },
    { name: `${object}RouteHops.1.HopHost`, type: 'string', value: 'gw.example' },
    { name: `${object}RouteHops.1.HopHostAddress`, type: 'string', value: '192.0.2.1' },
    { name: `${object}RouteHops.1.HopErrorCode`, type: 'unsignedInt', value: 0 },
    { name: `${object}RouteHops.1.HopRTTimes`, type: 'string', value: '1,2,3' },
  ];

  it('requests in one session, reads the results when the device says 8 DIAGNOSTICS COMPLETE', async () => {
    const first = await bed.open('SN1', ['6 CONNECTION REQUEST']);
    const run = await traceRoute(first.deviceId, 'example.net');
    await bed.deliver(first);
    const [request] = await bed.outbox(first.deviceId, first.sessionId);
    expect(request).toMatchObject({
      kind: 'rpc',
      request: {
        type: 'SetParameterValues',
        parameters: [
          { name: `${object}Host`, value: 'example.net' },
          { name: `${object}MaxHopCount`, value: 30, type: 'unsignedInt' },
          { name: `${object}DiagnosticsState`, value: 'Requested' },
        ],
      },
    });
    await answer(first, request, spvDone);
    expect(await bed.outbox(first.deviceId, first.sessionId)).toEqual([
      { kind: 'end', sessionId: first.sessionId },
    ]);
    expect(await bed.stores.tasks.get(run.id)).toMatchObject({
      status: 'running',
      result: { phase: 'requested' },
    });

    const complete = await bed.open('SN1', ['8 DIAGNOSTICS COMPLETE']);
    await bed.deliver(complete);
    const [read] = await bed.outbox(complete.deviceId, complete.sessionId);
    expect(read).toMatchObject({
      request: { type: 'GetParameterValues', parameterNames: [object] },
    });
    await answer(complete, read, {
      type: 'GetParameterValuesResponse',
      parameters: results('Complete'),
    });
    expect(await bed.stores.tasks.get(run.id)).toMatchObject({
      status: 'done',
      result: {
        diagnostic: 'traceRoute',
        outcome: 'complete',
        measurements: {
          responseTimeMs: 12,
          hops: [{ host: 'gw.example', address: '192.0.2.1', errorCode: 0, rttMs: [1, 2, 3] }],
        },
      },
    });
    expect(completed).toMatchObject([
      {
        eventId: `diagnostic:${run.id}`,
        runId: run.id,
        diagnostic: 'traceRoute',
        outcome: 'complete',
        result: { outcome: 'complete', measurements: { responseTimeMs: 12 } },
      },
    ]);
  });

  it('runs a second request of the same diagnostic only once the first has ended', async () => {
    const first = await bed.open('SN2', ['6 CONNECTION REQUEST']);
    const one = await traceRoute(first.deviceId, 'one.example');
    const two = await traceRoute(first.deviceId, 'two.example');
    await bed.deliver(first);
    const [request] = await bed.outbox(first.deviceId, first.sessionId);
    await answer(first, request, spvDone);
    expect(await bed.outbox(first.deviceId, first.sessionId)).toEqual([
      { kind: 'end', sessionId: first.sessionId },
    ]);
    expect(await bed.stores.tasks.get(two.id)).toMatchObject({ status: 'pending', attempts: 0 });

    const complete = await bed.open('SN2', ['8 DIAGNOSTICS COMPLETE']);
    await bed.deliver(complete);
    const [read] = await bed.outbox(complete.deviceId, complete.sessionId);
    await answer(complete, read, {
      type: 'GetParameterValuesResponse',
      parameters: results('Error_CannotResolveHostName'),
    });
    expect(await bed.stores.tasks.get(one.id)).toMatchObject({
      status: 'done',
      result: { outcome: 'error', code: 'error-cannot-resolve-host-name' },
    });
    // The first has ended: the second is requested in the same session.
    const [next] = await bed.outbox(complete.deviceId, complete.sessionId);
    expect(next).toMatchObject({
      request: {
        type: 'SetParameterValues',
        parameters: expect.arrayContaining([
          { name: `${object}Host`, type: 'string', value: 'two.example' },
        ]),
      },
    });
  });

  it('ends a run the device never reports on as timed-out', async () => {
    await bed.close();
    bed = new ProvisioningTestBed({ diagnosticTimeoutMs: 1 });
    listen();
    const first = await bed.open('SN3', ['6 CONNECTION REQUEST']);
    const run = await traceRoute(first.deviceId, 'example.net');
    await bed.deliver(first);
    const [request] = await bed.outbox(first.deviceId, first.sessionId);
    await answer(first, request, spvDone);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await bed.provisioning.tasks.expireDiagnostics()).toBe(1);
    expect(await bed.stores.tasks.get(run.id)).toMatchObject({
      status: 'failed',
      fault: { code: 'timed-out' },
    });
    expect(completed).toMatchObject([{ runId: run.id, outcome: 'timed-out' }]);
  });
});
