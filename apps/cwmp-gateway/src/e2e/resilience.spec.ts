import { Redis } from 'ioredis';
import { deviceIdOf, REDIS_KEYS, type SessionEvent } from '@acs/contracts';
import { useGatewayStack } from '../test-support/gateway-stack';
import { RawCpe } from '../test-support/raw-cpe';

type Of<T extends SessionEvent['type']> = Extract<SessionEvent, { type: T }>;
type Stack = ReturnType<ReturnType<typeof useGatewayStack>>;
const deviceOf = (serial: string) =>
  deviceIdOf({ oui: '00AA11', productClass: 'RawBox', serialNumber: serial });

describe('gateway resilience: pods, admission, dependencies, hostile input', () => {
  const stack = useGatewayStack({
    env: { CWMP_AUTH: 'none', CWMP_RETRY_AFTER_MIN_S: '5', CWMP_RETRY_AFTER_MAX_S: '9' },
  });
  const waitFor = <T extends SessionEvent['type']>(
    deviceId: string,
    type: T,
    extra: (e: Of<T>) => boolean = () => true,
  ) =>
    stack().orchestrator.waitFor(
      (e) => e.deviceId === deviceId && e.type === type && extra(e as Of<T>),
    ) as Promise<Of<T>>;

  it("writes an RPC with the encoder options provisioning gave for the device's class", async () => {
    const cpe = new RawCpe(stack().gateway.url, 'DIGITS1');
    stack().orchestrator.plan(
      deviceOf('DIGITS1'),
      [
        {
          type: 'SetParameterValues',
          parameters: [{ name: 'Device.WiFi.SSID.1.Enable', type: 'boolean', value: true }],
          parameterKey: '',
        },
      ],
      { encoding: { booleansAsDigits: true } },
    );
    expect((await cpe.inform()).status).toBe(200);
    const rpc = await cpe.empty();
    expect(rpc.body.toString()).toMatch(/<Value xsi:type="xsd:boolean">1<\/Value>/);
  });

  it('finishes a session on another pod after the pod that began it was killed', async () => {
    const first = await stack().addGateway();
    const second = await stack().addGateway();
    const cpe = new RawCpe(first.url, 'MOVER1');
    const deviceId = deviceOf('MOVER1');
    stack().orchestrator.plan(deviceId, [
      { type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.UpTime'] },
    ]);
    expect((await cpe.inform()).status).toBe(200);
    const rpc = await cpe.empty();
    expect(rpc.envelope?.message.type).toBe('GetParameterValues');
    await first.stop(0);

    cpe.url = second.url;
    const end = await cpe.send(
      {
        type: 'GetParameterValuesResponse',
        parameters: [{ name: 'Device.DeviceInfo.UpTime', type: 'unsignedInt', value: 42 }],
      },
      { id: rpc.envelope?.header.id ?? '' },
    );
    expect(end.status).toBe(204);
    const result = await waitFor(deviceId, 'RpcResult');
    const closed = await waitFor(deviceId, 'SessionClosed');
    expect(result.result.kind).toBe('response');
    expect(result.gatewayPod).toBe(second.gateway.podId);
    expect(closed).toMatchObject({ reason: 'completed', rpcCount: 1 });
    const opened = await waitFor(deviceId, 'SessionOpened');
    expect(opened.gatewayPod).toBe(first.gateway.podId);
  }, 60_000);

  it('lets a new Inform take over an open session, and refuses the old one', async () => {
    const cpe = new RawCpe(stack().gateway.url, 'REBOOTED1');
    const deviceId = deviceOf('REBOOTED1');
    await cpe.inform(['1 BOOT']);
    const staleCookie = cpe.cookie as string;
    expect((await cpe.inform(['1 BOOT'])).status).toBe(200);
    const takenOver = await waitFor(deviceId, 'SessionClosed', (e) => e.reason === 'taken-over');
    const second = await waitFor(
      deviceId,
      'SessionOpened',
      (e) => e.sessionId !== takenOver.sessionId,
    );
    const first = await waitFor(deviceId, 'SessionOpened');
    expect(takenOver.sessionId).toBe(first.sessionId);
    expect(second.sessionId).not.toBe(first.sessionId);
    const stale = await new RawCpe(stack().gateway.url, 'REBOOTED1').post('', {
      cookie: staleCookie,
    });
    expect(stale.status).toBe(400);
    expect((await cpe.empty()).status).toBe(204);
  }, 30_000);

  it('answers 503 with a jittered Retry-After beyond the admission budget, and lets sessions in progress finish', async () => {
    const small = await stack().addGateway({ CWMP_ADMISSION_BUDGET: '2' });
    const inProgress = [new RawCpe(small.url, 'BUSY1'), new RawCpe(small.url, 'BUSY2')];
    for (const cpe of inProgress) expect((await cpe.inform()).status).toBe(200);
    const refused = await new RawCpe(small.url, 'BUSY3').inform();
    expect(refused.status).toBe(503);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(5);
    expect(retryAfter).toBeLessThanOrEqual(9);
    for (const cpe of inProgress) expect((await cpe.empty()).status).toBe(204);
    expect((await new RawCpe(small.url, 'BUSY3').inform()).status).toBe(200);
    const metrics = await (await fetch(`${small.opsUrl}/metrics`)).text();
    expect(metrics).toMatch(/acs_gateway_admission_rejections_total\{cause="budget"\} 1/);
  }, 30_000);

  it('refuses hostile or malformed XML with 400 and publishes nothing', async () => {
    const cpe = new RawCpe(stack().gateway.url, 'HOSTILE1');
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' +
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&lol2;</soap:Body></soap:Envelope>';
    for (const body of [bomb, '<not-xml', '<a><b></a>', '{"json": true}']) {
      const answer = await cpe.post(body);
      expect(answer.status).toBe(400);
    }
    const unknown = await cpe.post(
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">' +
        '<soap:Header><cwmp:ID soap:mustUnderstand="1">x-7</cwmp:ID></soap:Header><soap:Body><cwmp:Frobnicate/></soap:Body></soap:Envelope>',
    );
    expect(unknown.envelope?.message).toMatchObject({ type: 'Fault', faultCode: 8000 });
    expect(unknown.envelope?.header.id).toBe('x-7');
    // A request other than an Inform, naming no live session:
    expect((await cpe.post('', { cookie: 'acs_session=0000.00AA11-RawBox-HOSTILE1' })).status).toBe(
      400,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack().orchestrator.eventsOf(deviceOf('HOSTILE1'))).toEqual([]);
  }, 30_000);

  it('answers 503 while Redis is down, without crashing, and serves again once it is back', async () => {
    const cpe = new RawCpe(stack().gateway.url, 'REDISDOWN1');
    const deviceId = deviceOf('REDISDOWN1');
    await stack().restartRedis(async () => {
      const refused = await cpe.inform();
      expect(refused.status).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const ready = await fetch(`${stack().gateway.opsUrl}/readyz`);
      expect(ready.status).toBe(503);
    });
    await completesSessionOnceRecovered(stack(), cpe, deviceId);
  }, 60_000);

  it('drains on shutdown: the request in flight finishes, new connections are refused', async () => {
    const pod = await stack().addGateway();
    const cpe = new RawCpe(pod.url, 'DRAIN1');
    const deviceId = deviceOf('DRAIN1');
    stack().orchestrator.plan(deviceId, [], { delayMs: 700 });
    expect((await cpe.inform()).status).toBe(200);
    const waiting = cpe.empty();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopped = pod.stop(5_000);
    expect((await waiting).status).toBe(204);
    await stopped;
    await expect(new RawCpe(pod.url, 'DRAIN2').inform()).rejects.toThrow(/ECONNREFUSED/);
  }, 30_000);

  it('ends a silent session with SessionClosed (timeout)', async () => {
    const pod = await stack().addGateway({ CWMP_SESSION_TIMEOUT_MS: '400' });
    const cpe = new RawCpe(pod.url, 'SILENT1');
    const deviceId = deviceOf('SILENT1');
    expect((await cpe.inform()).status).toBe(200);
    const closed = await waitFor(deviceId, 'SessionClosed');
    expect(closed.reason).toBe('timeout');
    expect((await cpe.empty()).status).toBe(400);
  }, 30_000);
});

describe('gateway resilience: Kafka unable to take writes', () => {
  const stack = useGatewayStack({
    env: { CWMP_AUTH: 'none', CWMP_RETRY_AFTER_MIN_S: '5', CWMP_RETRY_AFTER_MAX_S: '9' },
    kafka: 'dedicated',
  });

  it('answers 503 while min.insync.replicas cannot be met, leaves no half-open session, and recovers', async () => {
    const cpe = new RawCpe(stack().gateway.url, 'KAFKADOWN1');
    const deviceId = deviceOf('KAFKADOWN1');
    const cluster = stack().kafkaCluster();
    // Two of three replicas gone: every acks=all write is refused (NOT_ENOUGH_REPLICAS).
    const stopped = cluster.brokerIds.slice(1);
    for (const id of stopped) await cluster.stopBroker(id);
    try {
      const refused = await cpe.inform();
      expect(refused.status).toBe(503);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const redis = new Redis(stack().redis.url);
      expect(await redis.exists(REDIS_KEYS.lock(deviceId), REDIS_KEYS.session(deviceId))).toBe(0);
      redis.disconnect();
    } finally {
      for (const id of stopped) await cluster.startBroker(id);
    }
    await completesSessionOnceRecovered(stack(), cpe, deviceId);
  }, 180_000);
});

/** The CPE's retries (as TR-069 retries after a 503) get in once the dependency is back. */
async function completesSessionOnceRecovered(
  stack: Stack,
  cpe: RawCpe,
  deviceId: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  let status = 0;
  while (status !== 200 && Date.now() < deadline) {
    status = (await cpe.inform()).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe(200);
  expect((await cpe.empty()).status).toBe(204);
  await stack.orchestrator.waitFor(
    (e) => e.deviceId === deviceId && e.type === 'SessionClosed' && e.reason === 'completed',
  );
}
