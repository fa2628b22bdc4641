import { randomUUID } from 'node:crypto';
import {
  assertPublicMessage,
  deviceIdOf,
  TOPICS,
  type AuditEntryMessage,
  type DeviceFault,
  type DiagnosticRun,
  type Task,
} from '@acs/contracts';
import { FAST_CONSUMER_TIMINGS, waitFor } from '@acs/testing';
import { TestFileServer } from '../test-support/file-server';
import { useProvisioningStack } from '../test-support/provisioning-stack';
import { PublicEvents } from '../test-support/public-events';

const OUI = '0253AC';
const TR181 = 'SimGateway-181';
const path = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}`;

describe('tasks through the scaled platform (gateway, Kafka, Redis, inventory, provisioning)', () => {
  const stack = useProvisioningStack({
    env: { PROVISIONING_RETRY_DELAY_MS: '200', PROVISIONING_MAX_TASK_ATTEMPTS: '3' },
  });
  const files = new TestFileServer();
  let events: PublicEvents;

  beforeAll(async () => {
    await files.start();
    events = new PublicEvents(stack().kafka);
    await events.start();
  }, 30_000);
  afterAll(async () => {
    await events.stop();
    await files.stop();
  });

  async function registered(ordinal: number, profile: 'tr181' | 'tr098' = 'tr181') {
    const serial = `PRV${String(ordinal).padStart(4, '0')}`;
    const simulator = await stack().simulate({
      serialPattern: 'PRV%04d',
      firstOrdinal: ordinal,
      profile,
      rebootDelayMs: 100,
    });
    const productClass = profile === 'tr181' ? TR181 : 'SimIGD-098';
    const deviceId = deviceIdOf({ oui: OUI, productClass, serialNumber: serial });
    await stack().api.deviceKnown(deviceId);
    return { simulator, device: simulator.device(serial), deviceId };
  }

  const tasksOf = async (deviceId: string) =>
    (
      await stack().api.expect<{ tasks: Task[] }>(
        200,
        'GET',
        `/tasks?limit=100&deviceId=${encodeURIComponent(deviceId)}`,
      )
    ).tasks;

  /** Runs a diagnostic (the device woken by hand, as above) and waits for the run to end. */
  async function diagnose(deviceId: string, type: string, inputs: Record<string, unknown>) {
    const created = await stack().api.expect<DiagnosticRun>(
      201,
      'POST',
      `${path(deviceId)}/diagnostics/${type}`,
      { inputs },
    );
    return created;
  }
  const runEnded = (deviceId: string, runId: string) =>
    stack().api.until(
      () => stack().api.expect<DiagnosticRun>(200, 'GET', `${path(deviceId)}/diagnostics/${runId}`),
      (run) => !['queued', 'requesting', 'running', 'collecting'].includes(run.state),
      30_000,
    );
  /** The ping and trace-route objects, read into inventory (capability discovery reads them). */
  async function learnDiagnostics(deviceId: string, device: { informNow(code: string): void }) {
    const objects = deviceId.includes('SimIGD')
      ? ['InternetGatewayDevice.IPPingDiagnostics.', 'InternetGatewayDevice.TraceRouteDiagnostics.']
      : ['Device.IP.Diagnostics.IPPing.', 'Device.IP.Diagnostics.TraceRoute.'];
    const subtrees = deviceId.includes('SimIGD') ? objects : ['Device.IP.Diagnostics.'];
    for (const subtree of subtrees) {
      await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, {
        type: 'refresh',
        payload: { subtree },
      });
    }
    device.informNow('6 CONNECTION REQUEST');
    // Inventory stores what the refresh read a moment after provisioning ends the task.
    const projection = objects.map((object) => `parameters.${object}`).join(',');
    await stack().api.until(
      () =>
        stack().api.expect<{ parameters?: Record<string, unknown> }>(
          200,
          'GET',
          `${path(deviceId)}?projection=${encodeURIComponent(projection)}`,
        ),
      (shown) => objects.every((object) => shown.parameters?.[`${object}DiagnosticsState`]),
      30_000,
    );
  }

  it.each([
    ['tr181', 20],
    ['tr098', 21],
  ] as const)(
    'pings and traces a route, results normalised (%s)',
    async (profile, ordinal) => {
      const { device, deviceId } = await registered(ordinal, profile);
      await learnDiagnostics(deviceId, device);
      const ping = await diagnose(deviceId, 'ipPing', {
        host: 'example.net',
        numberOfRepetitions: 3,
      });
      const trace = await diagnose(deviceId, 'traceRoute', {
        host: 'example.net',
        maxHopCount: 10,
      });
      device.informNow('6 CONNECTION REQUEST');
      const pinged = await runEnded(deviceId, ping.runId);
      expect(pinged).toMatchObject({
        state: 'complete',
        result: { outcome: 'complete', measurements: { successCount: 3, failureCount: 0 } },
      });
      expect(pinged.result).toMatchObject({ measurements: { averageMs: expect.any(Number) } });
      const traced = await runEnded(deviceId, trace.runId);
      const hops =
        traced.result?.outcome === 'complete'
          ? (traced.result.measurements['hops'] as { host: string }[])
          : [];
      expect(hops).toHaveLength(5);
      expect(hops.at(-1)).toMatchObject({ host: 'example.net', rttMs: expect.any(Array) });
      await stack().api.until(
        async () => events.of('DiagnosticCompleted', deviceId).map((event) => event.runId),
        (runIds) => runIds.includes(ping.runId) && runIds.includes(trace.runId),
      );
      if (profile === 'tr098') {
        // TR-098 has no UDP echo diagnostic: refused up front, nothing queued.
        await stack().api.expect(422, 'POST', `${path(deviceId)}/diagnostics/udpEcho`, {
          inputs: { host: 'example.net', port: 7 },
        });
      }
      expect(events.invalid).toEqual([]);
    },
    90_000,
  );

  it('runs two pings one after the other, the first ending in an error state', async () => {
    const { device, deviceId } = await registered(22);
    await learnDiagnostics(deviceId, device);
    // Both queued before the session: without serialising, the second's Host would overwrite
    // the first's before the device ran it, and both would report one result.
    const lost = await diagnose(deviceId, 'ipPing', { host: 'nowhere.invalid' });
    const found = await diagnose(deviceId, 'ipPing', { host: 'example.net' });
    device.informNow('6 CONNECTION REQUEST');
    expect(await runEnded(deviceId, lost.runId)).toMatchObject({
      state: 'error',
      result: { outcome: 'error', code: 'error-cannot-resolve-host-name' },
    });
    expect(await runEnded(deviceId, found.runId)).toMatchObject({
      state: 'complete',
      result: { outcome: 'complete' },
    });
  }, 90_000);

  it('shows which parameters are under active notification once the platform set them', async () => {
    const { device, deviceId } = await registered(30);
    const ssid = 'Device.WiFi.SSID.1.SSID';
    await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, {
      type: 'setParameterAttributes',
      payload: { parameters: [{ name: ssid, notification: 2 }] },
    });
    device.informNow('6 CONNECTION REQUEST');
    const shown = await stack().api.until(
      () =>
        stack().api.expect<{ parameters: { path: string; notification: number }[] }>(
          200,
          'GET',
          `${path(deviceId)}/notifications`,
        ),
      ({ parameters }) => parameters.length > 0,
      30_000,
    );
    expect(shown).toEqual({
      deviceId,
      parameters: [{ path: ssid, notification: 2, attributesAt: expect.any(String) }],
    });
    await stack().api.expect(404, 'GET', `${path('0253AC-Nope-X')}/notifications`);
  }, 60_000);

  it('runs the parameter, object, control and transfer tasks in order, and records each result', async () => {
    const { device, deviceId } = await registered(1);
    const requests = [
      { type: 'getParameterValues', payload: { parameterNames: ['Device.DeviceInfo.'] } },
      {
        type: 'setParameterValues',
        payload: { values: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'from-task' }] },
      },
      { type: 'getParameterNames', payload: { subtree: 'Device.WiFi.', nextLevel: true } },
      { type: 'refresh', payload: { subtree: 'Device.NAT.' } },
      {
        type: 'getParameterAttributes',
        payload: { parameterNames: ['Device.WiFi.SSID.1.SSID'] },
      },
      {
        type: 'setParameterAttributes',
        payload: { parameters: [{ name: 'Device.WiFi.SSID.1.SSID', notification: 2 }] },
      },
      { type: 'addObject', payload: { objectName: 'Device.NAT.PortMapping.' } },
      { type: 'deleteObject', payload: { objectName: 'Device.WiFi.SSID.4.' } },
      { type: 'scheduleInform', payload: { delaySeconds: 3600, commandKey: 'later' } },
      {
        type: 'download',
        payload: { fileType: '1 Firmware Upgrade Image', url: files.url('/firmware.bin') },
      },
      {
        type: 'upload',
        payload: { fileType: '2 Vendor Log File', url: files.url('/logs/PRV0001.log') },
      },
      { type: 'reboot', payload: {} },
      { type: 'factoryReset', payload: {} },
    ];
    // A factory reset forgets queued transfers (as CPEs do): it goes once they completed.
    const phases = [requests.slice(0, -2), requests.slice(-2)];
    let finished: Task[] = [];
    for (const phase of phases) {
      for (const request of phase) {
        await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, request);
      }
      device.informNow('6 CONNECTION REQUEST');
      finished = await stack().api.until(
        () => tasksOf(deviceId),
        (tasks) => tasks.every((task) => task.status === 'done'),
        60_000,
      );
    }
    const byType = new Map(finished.map((task) => [task.type, task]));
    expect(finished.map((task) => task.attempts)).toEqual(requests.map(() => 1));
    expect(byType.get('getParameterValues')?.result?.['values']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Device.DeviceInfo.SerialNumber', value: 'PRV0001' }),
      ]),
    );
    expect(byType.get('setParameterValues')?.result).toEqual({ status: 0 });
    expect(byType.get('addObject')?.result).toEqual(
      expect.objectContaining({ instanceNumber: expect.any(Number) }),
    );
    expect(byType.get('download')?.result).toEqual(expect.objectContaining({ status: 0 }));
    expect(files.uploads.get('/logs/PRV0001.log')?.length).toBeGreaterThan(0);

    // Every task is announced once on acs.events, and every message there fits its schema.
    await stack().api.until(
      async () => events.of('TaskCompleted', deviceId).length,
      (count) => count >= requests.length,
    );
    const completed = events.of('TaskCompleted', deviceId).map((event) => event.taskId);
    expect(new Set(completed).size).toBe(requests.length);
    expect(events.invalid).toEqual([]);
  }, 120_000);

  it.each([
    ['tr181', 3],
    ['tr098', 4],
  ] as const)(
    'queues, lists and cancels transfers, and installs software (%s)',
    async (profile, ordinal) => {
      const { device, deviceId } = await registered(ordinal, profile);
      const later = { windowStart: 3600, windowEnd: 7200, windowMode: '1 At Any Time' };
      const now = { windowStart: 0, windowEnd: 600, windowMode: '2 Immediately' };
      const firmware = { fileType: '1 Firmware Upgrade Image', url: files.url('/firmware.bin') };
      const requests = [
        { type: 'getRpcMethods', payload: {} },
        {
          type: 'scheduleDownload',
          payload: { ...firmware, commandKey: 'fw-later', timeWindows: [later] },
        },
        { type: 'getQueuedTransfers', payload: {} },
        { type: 'getAllQueuedTransfers', payload: {} },
        { type: 'cancelTransfer', payload: { commandKey: 'fw-later' } },
        { type: 'scheduleDownload', payload: { ...firmware, timeWindows: [now] } },
        {
          type: 'changeDuState',
          payload: { operations: [{ operation: 'Install', url: files.url('/firmware.bin') }] },
        },
        {
          type: 'changeDuState',
          payload: { operations: [{ operation: 'Uninstall', uuid: 'no-such-unit' }] },
        },
      ];
      const created: Task[] = [];
      for (const request of requests)
        created.push(
          await stack().api.expect<Task>(201, 'POST', `${path(deviceId)}/tasks`, request),
        );
      device.informNow('6 CONNECTION REQUEST');
      const finished = await stack().api.until(
        () => tasksOf(deviceId),
        (tasks) => tasks.every((task) => task.status !== 'pending' && task.status !== 'running'),
        60_000,
      );
      const byId = new Map(finished.map((task) => [task.id, task]));
      const [methods, queued, listed, listedAll, cancel, scheduled, installed, uninstalled] =
        created.map((task) => byId.get(task.id));
      expect(created.map((task) => byId.get(task.id)?.attempts)).toEqual(requests.map(() => 1));
      expect(methods?.result?.['methods']).toEqual(
        expect.arrayContaining(['GetRPCMethods', 'ScheduleDownload', 'ChangeDUState']),
      );
      // Queued for an hour from now, listed, then cancelled: the CPE will never report on it.
      expect(listed?.result?.['transfers']).toEqual([{ commandKey: 'fw-later', state: 1 }]);
      expect(listedAll?.result?.['transfers']).toEqual([
        expect.objectContaining({
          commandKey: 'fw-later',
          isDownload: true,
          fileType: firmware.fileType,
        }),
      ]);
      expect(cancel?.status).toBe('done');
      expect(queued?.status).toBe('cancelled');
      expect(queued?.fault?.code).toBe('transfer-cancelled');
      // Due at once: the CPE downloads after the session and reports with TransferComplete.
      expect(scheduled?.status).toBe('done');
      expect(installed?.status).toBe('done');
      expect(installed?.result?.['results']).toEqual([
        expect.objectContaining({ currentState: 'Installed', resolved: true }),
      ]);
      expect(uninstalled?.status).toBe('failed');
      expect(uninstalled?.fault?.code).toBe('9028');
      await stack().api.until(
        async () => events.of('DeploymentUnitsChanged', deviceId).length,
        (count) => count >= 2,
      );
      // The platform read SoftwareModules again: the installed unit is on the device in the API.
      const root = profile === 'tr181' ? 'Device.' : 'InternetGatewayDevice.';
      const units = `parameters.${root}SoftwareModules.DeploymentUnit.`;
      const shown = await stack().api.until(
        () =>
          stack().api.expect<{ parameters?: Record<string, { value: unknown }> }>(
            200,
            'GET',
            `${path(deviceId)}?projection=${encodeURIComponent(units)}`,
          ),
        (device) =>
          device.parameters?.[`${root}SoftwareModules.DeploymentUnit.1.Status`] !== undefined,
        30_000,
      );
      expect(shown.parameters?.[`${root}SoftwareModules.DeploymentUnit.1.Status`]?.value).toBe(
        'Installed',
      );
      expect(shown.parameters?.[`${root}SoftwareModules.DeploymentUnit.1.Name`]?.value).toBe(
        'firmware.bin',
      );
      expect(events.invalid).toEqual([]);
    },
    120_000,
  );

  it('retries a task the CPE faults on with backoff, then fails it for good at the limit', async () => {
    const { device, deviceId } = await registered(2);
    // Internal error 9002 is worth retrying; a name the device lacks (9005) would not be.
    const task = await stack().api.expect<Task>(201, 'POST', `${path(deviceId)}/tasks`, {
      type: 'download',
      payload: { fileType: '1 Firmware Upgrade Image', url: files.url('/missing.bin') },
    });
    device.informNow('6 CONNECTION REQUEST');
    const failedOnce = await stack().api.until(
      () => stack().api.expect<Task>(200, 'GET', `/tasks/${task.id}`),
      (current) => current.fault !== undefined,
      60_000,
    );
    expect(failedOnce.fault?.code).toMatch(/^90\d\d$/);
    const [failure] = await stack().api.until(
      async () => events.of('TaskFailed', deviceId),
      (failures) => failures.length > 0,
    );
    expect(failure?.retryAt).toBeDefined();

    // Each later session retries it once its backoff passed, until the attempts run out.
    const gaveUp = await stack().api.until(
      async () => {
        device.informNow('6 CONNECTION REQUEST');
        return stack().api.expect<Task>(200, 'GET', `/tasks/${task.id}`);
      },
      (current) => current.status === 'failed',
      60_000,
    );
    expect(gaveUp.attempts).toBe(3);
    await stack().api.until(
      async () => events.of('TaskFailed', deviceId),
      (failures) => failures.length === 3 && failures[2]?.retryAt === undefined,
    );
  }, 120_000);

  it('clears the fault of a task whose retry succeeds: FaultCleared on acs.events, gone from the API', async () => {
    const { device, deviceId } = await registered(5);
    const faultsOf = async () =>
      (
        await stack().api.expect<{ faults: DeviceFault[] }>(
          200,
          'GET',
          `/faults?deviceId=${encodeURIComponent(deviceId)}`,
        )
      ).faults;
    files.unavailable.add('/firmware.bin');
    try {
      const task = await stack().api.expect<Task>(201, 'POST', `${path(deviceId)}/tasks`, {
        type: 'download',
        payload: { fileType: '1 Firmware Upgrade Image', url: files.url('/firmware.bin') },
      });
      device.informNow('6 CONNECTION REQUEST');
      const [raised] = await stack().api.until(faultsOf, (faults) => faults.length > 0, 60_000);
      expect(raised?.source).toBe(`task:${task.id}`);

      files.unavailable.delete('/firmware.bin');
      await stack().api.until(
        async () => {
          device.informNow('6 CONNECTION REQUEST');
          return stack().api.expect<Task>(200, 'GET', `/tasks/${task.id}`);
        },
        (current) => current.status === 'done',
        60_000,
      );
      const [cleared] = await stack().api.until(
        async () => events.of('FaultCleared', deviceId),
        (clears) => clears.length > 0,
      );
      expect(cleared).toMatchObject({
        eventId: `fault:${raised?.faultId}:cleared`,
        faultId: raised?.faultId,
        code: raised?.code,
        source: `task:${task.id}`,
        clearedBy: 'resolved',
      });
      expect(events.of('TaskFailed', deviceId).length).toBeGreaterThan(0);
      await stack().api.until(faultsOf, (faults) => faults.length === 0);
    } finally {
      files.unavailable.delete('/firmware.bin');
    }
  }, 120_000);

  it("copies the API's audit entries to acs.audit for a SIEM", async () => {
    const { deviceId } = await registered(9);
    await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, {
      type: 'reboot',
      payload: {},
    });
    const siem = stack()
      .kafka.client('siem')
      .consumer({ groupId: stack().kafka.group(`siem-${randomUUID()}`), ...FAST_CONSUMER_TIMINGS });
    const entries: AuditEntryMessage[] = [];
    await siem.connect();
    try {
      await siem.subscribe({ topic: stack().kafka.topic(TOPICS.audit), fromBeginning: true });
      await siem.run({
        eachMessage: async ({ message }) => {
          entries.push(assertPublicMessage(TOPICS.audit, message.value?.toString() ?? ''));
        },
      });
      const target = `device:${deviceId}`;
      await waitFor(
        () => entries.some((e) => e.target === target && e.phase === 'outcome'),
        'the task.create outcome on acs.audit',
      );
      const outcome = entries.find((e) => e.target === target && e.phase === 'outcome');
      const intent = entries.find((e) => e.id === outcome?.intentId);
      expect(outcome).toMatchObject({ action: 'task.create', status: 201 });
      expect(intent).toMatchObject({ action: 'task.create', phase: 'intent' });
      expect(intent?.seq).toBeLessThan(outcome?.seq ?? 0);
    } finally {
      await siem.disconnect();
    }
  }, 60_000);
});
