import type { Task } from '@acs/contracts';
import type { ProjectedDevice } from '@acs/device-store';

/**
 * What the API shows of stored things. Secrets the platform needs but operators do not see:
 * the device's connection-request password, and the file-server password of transfer and
 * deployment-unit tasks.
 */
export function deviceView<D extends ProjectedDevice>(device: D): D {
  if (!device.connectionRequest) return device;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { password, ...connectionRequest } = device.connectionRequest;
  return { ...device, connectionRequest };
}

export function taskView(task: Task): Task {
  switch (task.type) {
    case 'download':
      return { ...task, payload: withoutPassword(task.payload) };
    case 'scheduleDownload':
      return { ...task, payload: withoutPassword(task.payload) };
    case 'upload':
      return { ...task, payload: withoutPassword(task.payload) };
    case 'changeDuState': {
      const operations = task.payload.operations.map((operation) => {
        if (!('password' in operation)) return operation;
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { password, ...shown } = operation;
        return shown;
      });
      return { ...task, payload: { ...task.payload, operations } };
    }
    default:
      return task;
  }
}

function withoutPassword<P extends { credentials?: { username: string; password?: string } }>(
  payload: P,
): P {
  const credentials = payload.credentials;
  return credentials ? { ...payload, credentials: { username: credentials.username } } : payload;
}
