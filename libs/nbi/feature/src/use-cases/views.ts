import type { Task } from '@acs/contracts';
import type { ProjectedDevice } from '@acs/device-store';

/**
 * What the API shows of stored things. Secrets the platform needs but operators do not see:
 * the device's connection-request password, and the file-server password of transfer tasks.
 */
export function deviceView<D extends ProjectedDevice>(device: D): D {
  if (!device.connectionRequest) return device;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { password, ...connectionRequest } = device.connectionRequest;
  return { ...device, connectionRequest };
}

export function taskView(task: Task): Task {
  if (task.type !== 'download' && task.type !== 'upload') return task;
  const credentials = task.payload.credentials;
  if (!credentials) return task;
  return { ...task, payload: { ...task.payload, credentials: { username: credentials.username } } };
}
