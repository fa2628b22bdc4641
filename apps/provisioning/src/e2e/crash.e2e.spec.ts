import { deviceIdOf, type Task } from '@acs/contracts';
import { nextSession } from '@acs/cpe-simulator';
import { useProvisioningStack } from '../test-support/provisioning-stack';
import { PublicEvents } from '../test-support/public-events';

const PORT_MAPPINGS = 'Device.NAT.PortMappingNumberOfEntries';

describe('provisioning killed mid-session, then restarted', () => {
  // The gateway holds the CPE's session while provisioning is down (up to its outbox wait).
  const stack = useProvisioningStack({ gatewayEnv: { CWMP_OUTBOX_WAIT_MS: '30000' } });
  let events: PublicEvents;
  beforeAll(async () => {
    events = new PublicEvents(stack().kafka);
    await events.start();
  }, 30_000);
  afterAll(async () => {
    await events.stop();
  });

  it('loses no task and runs none twice, even when every event is delivered again', async () => {
    // A slow CPE: each answer takes long enough to kill provisioning while an RPC is out.
    const simulator = await stack().simulate({
      serialPattern: 'CR%04d',
      quirks: { answerDelayMs: 2_500 },
    });
    const serial = 'CR0000';
    const device = simulator.device(serial);
    await nextSession(simulator, serial, 30_000);
    const deviceId = deviceIdOf({
      oui: '0253AC',
      productClass: 'SimGateway-181',
      serialNumber: serial,
    });
    await stack().api.deviceKnown(deviceId);
    const tasksPath = `/devices/${encodeURIComponent(deviceId)}/tasks`;
    const addMapping = await stack().api.expect<Task>(201, 'POST', tasksPath, {
      type: 'addObject',
      payload: { objectName: 'Device.NAT.PortMapping.' },
    });
    const rename = await stack().api.expect<Task>(201, 'POST', tasksPath, {
      type: 'setParameterValues',
      payload: { values: [{ name: 'Device.WiFi.SSID.1.SSID', value: 'after-the-crash' }] },
    });
    const mappingsBefore = Number(device.parameter(PORT_MAPPINGS)?.value);

    const session = nextSession(simulator, serial, 90_000);
    device.informNow('6 CONNECTION REQUEST');
    await stack().api.until(
      () => stack().api.expect<Task>(200, 'GET', `/tasks/${addMapping.id}`),
      (task) => task.status === 'running',
    );
    await stack().crashProvisioning();
    expect(await session).toEqual(expect.objectContaining({ ok: true }));

    const finished = await Promise.all(
      [addMapping, rename].map((task) =>
        stack().api.until(
          () => stack().api.expect<Task>(200, 'GET', `/tasks/${task.id}`),
          (current) => current.status === 'done',
        ),
      ),
    );
    expect(finished.map((task) => task.attempts)).toEqual([1, 1]);
    expect(Number(device.parameter(PORT_MAPPINGS)?.value)).toBe(mappingsBefore + 1);
    expect(device.parameter('Device.WiFi.SSID.1.SSID')?.value).toBe('after-the-crash');

    // A new instance in a fresh consumer group replays every session event from the start; the
    // device's events stay in order, so the replay is over before its next session is seen.
    await stack().crashProvisioning({ PROVISIONING_GROUP_ID: 'provisioning-replay' });
    const replayed = nextSession(simulator, serial, 30_000);
    device.informNow('6 CONNECTION REQUEST');
    expect(await replayed).toEqual(expect.objectContaining({ ok: true, rpcCount: 0 }));
    const after = await stack().api.expect<Task>(200, 'GET', `/tasks/${addMapping.id}`);
    expect(after.attempts).toBe(1);
    expect(Number(device.parameter(PORT_MAPPINGS)?.value)).toBe(mappingsBefore + 1);
    const completions = events
      .of('TaskCompleted', deviceId)
      .filter((e) => e.taskId === addMapping.id);
    expect(new Set(completions.map((event) => event.eventId)).size).toBe(1);
  }, 180_000);
});
