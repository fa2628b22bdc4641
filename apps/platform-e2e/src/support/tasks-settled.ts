import { FINISHED_TASK_STATUSES, type Task } from '@acs/contracts';
import type { Simulator } from '@acs/cpe-simulator';
import type { OperatorApi } from '@acs/testing';

/**
 * Waits until every task of the given devices is finished (done, failed, expired, cancelled) and
 * returns them per device. Meanwhile a device with an open task that is between sessions informs
 * every couple of seconds, as its periodic inform would: the fleets here have periodic informs
 * off so that the scenario decides the load, and a task whose session a fault cut off runs at
 * the device's next session.
 */
export async function tasksSettled(
  api: () => OperatorApi,
  simulator: Simulator,
  devices: ReadonlyMap<string, string>,
  timeoutMs = 180_000,
  /** Told after each round over the devices how many still have open tasks. */
  onRound: (open: number) => void = () => undefined,
): Promise<Map<string, Task[]>> {
  const settled = new Map<string, Task[]>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [deviceId, serial] of devices) {
      if (settled.has(deviceId)) continue;
      const { tasks } = await api().expect<{ tasks: Task[] }>(
        200,
        'GET',
        `/tasks?deviceId=${encodeURIComponent(deviceId)}&limit=200`,
      );
      if (tasks.every((task) => FINISHED_TASK_STATUSES.includes(task.status))) {
        settled.set(deviceId, tasks);
        continue;
      }
      const device = simulator.device(serial);
      if (!device.sessionInProgress) device.informNow('2 PERIODIC');
    }
    if (settled.size === devices.size) return settled;
    onRound(devices.size - settled.size);
    if (Date.now() > deadline) {
      const open = [...devices.keys()].filter((deviceId) => !settled.has(deviceId));
      throw new Error(
        `${open.length} devices still had open tasks after ${timeoutMs} ms: ${await describeOpen(api(), open.slice(0, 5))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** The open tasks of some devices (status, attempts, last fault, last change), for the error. */
async function describeOpen(api: OperatorApi, deviceIds: readonly string[]): Promise<string> {
  const lines: string[] = [];
  for (const deviceId of deviceIds) {
    const { tasks } = await api.expect<{ tasks: Task[] }>(
      200,
      'GET',
      `/tasks?deviceId=${encodeURIComponent(deviceId)}&limit=200`,
    );
    for (const task of tasks.filter((one) => !FINISHED_TASK_STATUSES.includes(one.status))) {
      lines.push(
        `${deviceId} ${task.id} ${task.status} attempts ${task.attempts} ${task.fault?.code ?? ''} updated ${task.updatedAt}`,
      );
    }
  }
  return lines.join('; ');
}
