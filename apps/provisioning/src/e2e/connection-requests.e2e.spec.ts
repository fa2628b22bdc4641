import { randomUUID } from 'node:crypto';
import type { Consumer, Producer } from 'kafkajs';
import {
  assertPublicMessage,
  deviceIdOf,
  TOPICS,
  type AcsCommandResult,
  type Task,
} from '@acs/contracts';
import type { Simulator } from '@acs/cpe-simulator';
import { FAST_CONSUMER_TIMINGS } from '@acs/testing';
import { useProvisioningStack } from '../test-support/provisioning-stack';

const OUI = '0253AC';
const TR181 = 'SimGateway-181';
const CR_PASSWORD = 'cr-secret';
const WOKEN = '6 CONNECTION REQUEST';
const path = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}`;
const upTime = {
  type: 'getParameterValues',
  payload: { parameterNames: ['Device.DeviceInfo.UpTime'] },
};

describe('connection requests through the scaled platform (HTTP, UDP over STUN, OSS/BSS commands)', () => {
  const stack = useProvisioningStack({
    stun: true,
    // Long enough that a second request to one device at once is refused, short enough that
    // the test of a held-back request sees it sent.
    env: { CONNECTION_REQUEST_DEVICE_INTERVAL_MS: '10000', CONNECTION_REQUEST_TIMEOUT_MS: '3000' },
  });

  /** What each simulated device's sessions were opened with (event codes, in order). */
  const sessionEvents = new Map<string, string[][]>();

  /**
   * A device with real connection-request listeners (HTTP with Digest, and UDP), that the ACS
   * has given its connection-request credentials (SetParameterValues: inventory keeps what the
   * ACS set, as CPEs never reveal the password) and whose UDPConnectionRequestAddress it read.
   * `udpOnly`: the device reports no ConnectionRequestURL, and keeps a binding with provisioning's
   * STUN server, so that UDP is the only way to it.
   */
  async function provisioned(ordinal: number, options: { udpOnly?: boolean } = {}) {
    const serial = `PRV${String(ordinal).padStart(4, '0')}`;
    const simulator: Simulator = await stack().simulate({
      firstOrdinal: ordinal,
      connectionRequests: { host: '127.0.0.1' },
      connectionRequestPassword: CR_PASSWORD,
      ...(options.udpOnly
        ? { stun: { serverAddress: '127.0.0.1', serverPort: stack().stunPort ?? 0 } }
        : {}),
    });
    simulator.on('session', ({ serial: from, result }) => {
      const events = result.ok ? result.events.map((event) => event.eventCode) : [];
      sessionEvents.set(from, [...(sessionEvents.get(from) ?? []), events]);
    });
    const device = simulator.device(serial);
    const deviceId = deviceIdOf({ oui: OUI, productClass: TR181, serialNumber: serial });
    await stack().api.deviceKnown(deviceId);
    if (options.udpOnly) device.changeLocally(device.state.profile.paths.connectionRequestUrl, '');
    const ms = 'Device.ManagementServer.';
    await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, {
      type: 'setParameterValues',
      payload: {
        values: [
          { name: `${ms}ConnectionRequestUsername`, value: serial },
          { name: `${ms}ConnectionRequestPassword`, value: CR_PASSWORD },
        ],
      },
    });
    await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, {
      type: 'getParameterValues',
      payload: { parameterNames: [`${ms}UDPConnectionRequestAddress`] },
    });
    device.informNow('2 PERIODIC');
    await stack().api.until(
      () => stack().api.call<{ connectionRequest: Record<string, string> }>('GET', path(deviceId)),
      ({ body }) =>
        body.connectionRequest?.['username'] === serial &&
        body.connectionRequest['udpAddress'] !== undefined &&
        (!options.udpOnly || body.connectionRequest['url'] === ''),
      30_000,
    );
    await stack().api.until(
      async () => device.sessionInProgress,
      (busy) => !busy,
    );
    return { simulator, device, serial, deviceId };
  }

  const woken = (serial: string) =>
    (sessionEvents.get(serial) ?? []).filter((events) => events.includes(WOKEN)).length;
  /** The task's answer comes when provisioning has its result; the CPE's session ends just after. */
  const wokenOnce = (serial: string) =>
    stack().api.until(
      async () => woken(serial),
      (count) => count === 1,
    );

  it('wakes a device over HTTP (Digest) and answers with the task it ran; a second request at once is refused', async () => {
    const { serial, deviceId } = await provisioned(1);
    expect(woken(serial)).toBe(0);
    const answer = await stack().api.call<Task>('POST', `${path(deviceId)}/tasks?wait=30`, {
      ...upTime,
      connectionRequest: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection-request')).toBe('ok');
    expect(answer.body).toMatchObject({ status: 'done', attempts: 1 });
    expect(answer.body.result?.['values']).toEqual([
      expect.objectContaining({ name: 'Device.DeviceInfo.UpTime' }),
    ]);
    await wokenOnce(serial);

    const again = await stack().api.call('POST', `${path(deviceId)}/connection-request`);
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({
      outcome: 'rate-limited',
      limit: 'device',
      retryAt: expect.any(String),
    });
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 120_000);

  it('gives a new device unique connection-request credentials at first contact, so a request wakes it at once', async () => {
    // As `npm run sim -- --cr-host 127.0.0.1` devices: listeners on, no password anyone knows.
    const simulator = await stack().simulate({
      firstOrdinal: 20,
      devices: 2,
      connectionRequests: { host: '127.0.0.1' },
    });
    simulator.on('session', ({ serial: from, result }) => {
      const events = result.ok ? result.events.map((event) => event.eventCode) : [];
      sessionEvents.set(from, [...(sessionEvents.get(from) ?? []), events]);
    });
    const ms = 'Device.ManagementServer.';
    const credentials: unknown[][] = [];
    for (const serial of ['PRV0020', 'PRV0021']) {
      const deviceId = deviceIdOf({ oui: OUI, productClass: TR181, serialNumber: serial });
      const device = simulator.device(serial);
      const known = await stack().api.until(
        () =>
          stack().api.call<{ connectionRequest: Record<string, string> }>('GET', path(deviceId)),
        ({ status, body }) =>
          status === 200 && /^acs-/.test(body.connectionRequest?.['username'] ?? ''),
        30_000,
      );
      // The API never shows the password; the device holds what the platform set.
      expect(known.body.connectionRequest).not.toHaveProperty('password');
      const password = device.parameter(`${ms}ConnectionRequestPassword`)?.value;
      expect(password).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{24}$/));
      credentials.push([device.parameter(`${ms}ConnectionRequestUsername`)?.value, password]);
      await stack().api.until(
        async () => device.sessionInProgress,
        (busy) => !busy,
      );
      const answer = await stack().api.call<Task>('POST', `${path(deviceId)}/tasks?wait=30`, {
        ...upTime,
        connectionRequest: true,
      });
      expect(answer.headers.get('connection-request')).toBe('ok');
      expect(answer.body).toMatchObject({ status: 'done', attempts: 1 });
      await wokenOnce(serial);
    }
    // No two devices share them.
    expect(credentials[0]?.[0]).not.toEqual(credentials[1]?.[0]);
    expect(credentials[0]?.[1]).not.toEqual(credentials[1]?.[1]);
  }, 120_000);

  it('sends a request the device interval held back when it allows: two tasks a second apart both run', async () => {
    const { serial, deviceId } = await provisioned(5);
    const task = () =>
      stack().api.call<Task>('POST', `${path(deviceId)}/tasks?wait=30`, {
        ...upTime,
        connectionRequest: true,
      });
    const first = await task();
    expect(first).toMatchObject({ status: 200, body: { status: 'done' } });
    await wokenOnce(serial);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const second = await task();
    expect(second.headers.get('connection-request')).toBe('rate-limited');
    expect(second).toMatchObject({ status: 200, body: { status: 'done' } });
    await stack().api.until(
      async () => woken(serial),
      (count) => count === 2,
    );
  }, 120_000);

  it('wakes a device that only UDP reaches, from the STUN server (TR-111)', async () => {
    const { serial, deviceId } = await provisioned(2, { udpOnly: true });
    const answer = await stack().api.call<Task>('POST', `${path(deviceId)}/tasks?wait=30`, {
      ...upTime,
      connectionRequest: true,
    });
    expect(answer.headers.get('connection-request')).toBe('sent');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'done' });
    await wokenOnce(serial);
  }, 120_000);

  describe('OSS/BSS commands on acs.commands', () => {
    let producer: Producer;
    let consumer: Consumer;
    const results: AcsCommandResult[] = [];

    beforeAll(async () => {
      const kafka = stack().kafka.client('oss-commands');
      producer = kafka.producer({ idempotent: true });
      await producer.connect();
      consumer = kafka.consumer({
        groupId: stack().kafka.group(`oss-${randomUUID()}`),
        ...FAST_CONSUMER_TIMINGS,
      });
      await consumer.connect();
      await consumer.subscribe({
        topic: stack().kafka.topic(TOPICS.commandResults),
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: async ({ message }) => {
          // Throws on anything that does not fit the public schema: the test then never sees it.
          results.push(assertPublicMessage(TOPICS.commandResults, message.value?.toString() ?? ''));
        },
      });
    }, 30_000);
    afterAll(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
    });

    const send = async (command: Record<string, unknown>) => {
      const commandId = `oss-${randomUUID()}`;
      const message = { schemaVersion: 1, commandId, ...command };
      assertPublicMessage(TOPICS.commands, JSON.stringify(message));
      await producer.send({
        topic: stack().kafka.topic(TOPICS.commands),
        acks: -1,
        messages: [{ key: commandId, value: JSON.stringify(message) }],
      });
      return stack().api.until(
        async () => results.find((result) => result.commandId === commandId),
        (result) => result !== undefined,
        30_000,
      ) as Promise<AcsCommandResult>;
    };

    it('wakes a device for a connectionRequest command and answers with the outcome', async () => {
      const { serial, deviceId } = await provisioned(3);
      const result = await send({ type: 'connectionRequest', deviceId });
      expect(result).toMatchObject({
        type: 'connectionRequest',
        status: 'succeeded',
        result: { outcome: 'ok' },
      });
      await stack().api.until(
        async () => woken(serial),
        (count) => count === 1,
      );
    }, 120_000);

    it('queues the task of a createTask command, wakes the device, and the task is done', async () => {
      const { serial, deviceId } = await provisioned(4);
      const result = await send({
        type: 'createTask',
        deviceId,
        task: { ...upTime, connectionRequest: true },
      });
      expect(result).toMatchObject({
        type: 'createTask',
        status: 'succeeded',
        result: { taskId: expect.any(String), connectionRequest: { outcome: 'ok' } },
      });
      const taskId = String(result.result?.['taskId']);
      const task = await stack().api.until(
        () => stack().api.expect<Task>(200, 'GET', `/tasks/${taskId}`),
        (current) => current.status === 'done',
        30_000,
      );
      expect(task).toMatchObject({ deviceId, connectionRequest: true, attempts: 1 });
      await wokenOnce(serial);

      const unknown = await send({ type: 'connectionRequest', deviceId: `${OUI}-${TR181}-NOBODY` });
      expect(unknown).toMatchObject({ status: 'failed', error: { code: 'device-not-found' } });
    }, 120_000);
  });
});
