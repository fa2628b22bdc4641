import type { NewTask } from '@acs/contracts';
import type { TransferTasks } from '@acs/firmware-use-cases';

/**
 * Queues one task in provisioning's task engine. `idempotencyKey`, when given, names the request
 * so that asking again (after a lost answer) queues nothing new.
 */
export type QueueProvisioningTask = (
  deviceId: string,
  task: NewTask,
  idempotencyKey?: string,
) => Promise<{ taskId: string }>;

/**
 * Firmware's transfers as provisioning tasks, whichever way they reach provisioning (its use case
 * in the all-in-one app, acs.commands in the scaled topology).
 */
export function transferTasksOver(queueTask: QueueProvisioningTask): TransferTasks {
  return {
    // Any task as given (a rollback's read of the banks, its set, its reboot).
    queueTask: (request) => queueTask(request.deviceId, request.task),
    queue: (request) =>
      queueTask(
        request.deviceId,
        {
          type: 'download',
          payload: {
            fileType: request.fileType,
            url: request.url,
            fileSize: request.fileSize,
            commandKey: request.commandKey,
          },
          connectionRequest: request.connectionRequest,
          expiresInSeconds: request.expiresInSeconds,
          // The campaign retries with a new URL and CommandKey itself.
          maxAttempts: 1,
        },
        // One Download per device and attempt, however often the campaign asks.
        `download\n${request.deviceId}\n${request.commandKey}`,
      ),
    queueUpload: (request) =>
      queueTask(
        request.deviceId,
        {
          type: 'upload',
          payload: {
            fileType: request.fileType,
            url: request.url,
            credentials: { username: request.username, password: request.password },
          },
          connectionRequest: request.connectionRequest,
          expiresInSeconds: request.expiresInSeconds,
        },
        // The URL names the upload: one Upload per backup asked for.
        `upload\n${request.deviceId}\n${request.url}`,
      ),
  };
}
