import { FINISHED_TASK_STATUSES, TASK_STATUSES, type Task } from '@acs/contracts';
import type { Simulator } from '@acs/cpe-simulator';
import type { OperatorApi } from '@acs/testing';

const OPEN_STATUSES = TASK_STATUSES.filter((status) => !FINISHED_TASK_STATUSES.includes(status));
/** The API's largest page. */
const PAGE = 1_000;
/**
 * Devices asked to inform per round (every 2 s): a dozen sessions a second, well inside what the
 * topology absorbs; all of them at once would be a storm of the test's own making, whose sessions
 * time out and cut off the very tasks it waits for.
 */
const NUDGES_PER_ROUND = 25;

/**
 * Waits until every task of the given devices is finished (done, failed, expired, cancelled) and
 * returns them per device. Meanwhile a device with an open task that is between sessions informs
 * every couple of seconds (a few dozen devices at a time), as its periodic inform would: the
 * fleets here have periodic informs off so that the scenario decides the load, and a task whose session a fault cut off runs at
 * the device's next session. Each round reads the open tasks of the whole fleet, a page of a
 * thousand at a time, not each device's: a store under load answers a few queries, not hundreds.
 */
export async function tasksSettled(
  api: () => OperatorApi,
  simulator: Simulator,
  devices: ReadonlyMap<string, string>,
  timeoutMs = 180_000,
  /** Told after each round how many of the devices still have open tasks. */
  onRound: (open: number) => void = () => undefined,
): Promise<Map<string, Task[]>> {
  const deadline = Date.now() + timeoutMs;
  let round = 0;
  for (;;) {
    const open = tasksByDevice(await tasksWith(api(), OPEN_STATUSES), devices);
    if (open.size === 0) return tasksByDevice(await tasksWith(api(), TASK_STATUSES), devices, true);
    onRound(open.size);
    if (Date.now() > deadline) {
      const examples = [...open.values()].slice(0, 5).flat().map(describeTask);
      throw new Error(
        `${open.size} devices still had open tasks after ${timeoutMs} ms: ${examples.join('; ')}`,
      );
    }
    // From a different place each round, so that devices whose retry is not due yet hold no one up.
    const waiting = [...open.keys()];
    const from = (round++ * NUDGES_PER_ROUND) % waiting.length;
    let nudged = 0;
    for (const deviceId of [...waiting.slice(from), ...waiting.slice(0, from)]) {
      if (nudged === NUDGES_PER_ROUND) break;
      const device = simulator.device(devices.get(deviceId) as string);
      if (device.sessionInProgress) continue;
      device.informNow('2 PERIODIC');
      nudged++;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Every task in one of the statuses, in creation order, page after page. */
async function tasksWith(api: OperatorApi, statuses: readonly string[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await api.expect<{ tasks: Task[] }>(
      200,
      'GET',
      `/tasks?status=${statuses.join(',')}&limit=${PAGE}&skip=${skip}`,
    );
    tasks.push(...page.tasks);
    if (page.tasks.length < PAGE) return tasks;
  }
}

/** The tasks of the given devices, per device; `everyDevice` lists those without any too. */
function tasksByDevice(
  tasks: readonly Task[],
  devices: ReadonlyMap<string, string>,
  everyDevice = false,
): Map<string, Task[]> {
  const byDevice = new Map<string, Task[]>(
    everyDevice ? [...devices.keys()].map((deviceId) => [deviceId, []]) : [],
  );
  for (const task of tasks) {
    if (!devices.has(task.deviceId)) continue;
    const list = byDevice.get(task.deviceId) ?? [];
    list.push(task);
    byDevice.set(task.deviceId, list);
  }
  return byDevice;
}

/** Status, attempts, last fault, last change: what says why a task is still open. */
function describeTask(task: Task): string {
  return `${task.deviceId} ${task.id} ${task.status} attempts ${task.attempts} ${task.fault?.code ?? ''} updated ${task.updatedAt}`;
}
