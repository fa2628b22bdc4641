import type { CpeRequestEvent, Task, TaskFault } from '@acs/contracts';
import { isTransferTask } from '../tasks/task-rpcs';
import { runningTaskByCommandKey } from './running-task';
import type { TaskStore } from '@acs/provisioning-data-access';
import type { SessionProgress } from '@acs/provisioning-domain';
import type { ProvisioningLog } from '../ports';
import type { ProvisioningSettings } from '../settings';
import { DEFAULT_TASK_LIFETIME_SECONDS } from '@acs/contracts';
import type { ProvisioningEvents } from './provisioning-events';
import type { TaskRunner } from './task-runner';

/**
 * What provisioning does with the requests a CPE makes of the ACS (the gateway has answered them
 * already): TransferComplete closes the transfer task whose CommandKey it names, and
 * DUStateChangeComplete the ChangeDUState task; both, their autonomous kinds and DU state changes
 * are reported on `acs.events`; RequestDownload
 * queues a Download of the file configured for its FileType. Idempotent per session event.
 */
export class CpeRequestHandler {
  constructor(
    private readonly tasks: TaskStore,
    private readonly runner: TaskRunner,
    private readonly events: ProvisioningEvents,
    private readonly settings: ProvisioningSettings,
    private readonly log: ProvisioningLog,
  ) {}

  /** `progress`: the session's, when provisioning has it (it names the device's data model). */
  async handle(event: CpeRequestEvent, progress: SessionProgress | null = null): Promise<void> {
    const request = event.request;
    switch (request.type) {
      case 'TransferComplete': {
        const task = await this.transferTask(event.deviceId, request.commandKey);
        const failed = request.fault.faultCode !== 0;
        const fault: TaskFault | null = failed
          ? { code: String(request.fault.faultCode), message: request.fault.faultString }
          : null;
        if (task) {
          await this.runner.transferCompleted(task, fault, {
            startTime: request.startTime,
            completeTime: request.completeTime,
          });
        }
        await this.events.publish(event.deviceId, `transfer:${event.eventId}`, {
          type: 'TransferCompleted',
          commandKey: request.commandKey,
          ...(task ? { taskId: task.id } : {}),
          autonomous: false,
          faultCode: request.fault.faultCode,
          faultString: request.fault.faultString,
          startTime: request.startTime,
          completeTime: request.completeTime,
        });
        return;
      }
      case 'AutonomousTransferComplete':
        await this.events.publish(event.deviceId, `transfer:${event.eventId}`, {
          type: 'TransferCompleted',
          commandKey: '',
          autonomous: true,
          faultCode: request.fault.faultCode,
          faultString: request.fault.faultString,
          startTime: request.startTime,
          completeTime: request.completeTime,
        });
        return;
      case 'DUStateChangeComplete':
      case 'AutonomousDUStateChangeComplete': {
        const task =
          request.type === 'DUStateChangeComplete'
            ? await runningTaskByCommandKey(
                this.tasks,
                event.deviceId,
                request.commandKey,
                'changeDuState',
              )
            : null;
        if (task) await this.runner.duStateChangeCompleted(task, request.results);
        await this.readSoftwareModules(
          event.deviceId,
          softwareModulesOf(progress, request.results),
        );
        await this.events.publish(event.deviceId, `du:${event.eventId}`, {
          type: 'DeploymentUnitsChanged',
          autonomous: request.type === 'AutonomousDUStateChangeComplete',
          commandKey: request.type === 'DUStateChangeComplete' ? request.commandKey : '',
          results: request.results.map((result) => ({ ...result })),
        });
        return;
      }
      case 'RequestDownload':
        await this.requestDownload(event, request.fileType);
        return;
      default:
        return;
    }
  }

  /**
   * Deployment units changed: the device's SoftwareModules are read again (a refresh task, taken
   * into the session the report came in), so the API shows the units as they now are. One
   * pending refresh of the subtree is enough.
   */
  private async readSoftwareModules(deviceId: string, subtree: string | null): Promise<void> {
    if (subtree === null) return;
    const { tasks } = await this.tasks.list({ deviceId, status: ['pending'], limit: 1000 });
    if (tasks.some((task) => task.type === 'refresh' && task.payload.subtree === subtree)) return;
    await this.tasks.create({
      deviceId,
      type: 'refresh',
      payload: { subtree },
      connectionRequest: false,
      expiresInSeconds: DEFAULT_TASK_LIFETIME_SECONDS,
    });
  }

  private async requestDownload(event: CpeRequestEvent, fileType: string): Promise<void> {
    const url = this.settings.requestDownloadUrls[fileType];
    if (!url) {
      this.log.warn('RequestDownload for a file type with no configured file', {
        deviceId: event.deviceId,
        fileType,
      });
      return;
    }
    // The session event id as CommandKey makes the queued task recognisable on redelivery.
    const commandKey = `rd-${event.eventId}`.slice(0, 32);
    const { tasks } = await this.tasks.list({ deviceId: event.deviceId, limit: 1000 });
    if (tasks.some((task) => task.type === 'download' && task.payload.commandKey === commandKey)) {
      return;
    }
    await this.tasks.create({
      deviceId: event.deviceId,
      type: 'download',
      payload: { fileType, url, commandKey },
      connectionRequest: false,
      expiresInSeconds: DEFAULT_TASK_LIFETIME_SECONDS,
    });
  }

  /** The running transfer task (Download, ScheduleDownload, Upload) the CommandKey names. */
  private transferTask(deviceId: string, commandKey: string): Promise<Task | null> {
    return runningTaskByCommandKey(this.tasks, deviceId, commandKey, isTransferTask);
  }
}

/**
 * `<root>SoftwareModules.` of the device: its data model from the names its Inform carried, else
 * from a result's DeploymentUnitRef (`Device.SoftwareModules.DeploymentUnit.3`); null when
 * neither says.
 */
function softwareModulesOf(
  progress: SessionProgress | null,
  results: readonly { deploymentUnitRef: string }[],
): string | null {
  const names = [
    ...(progress?.informValues.map((value) => value.name) ?? []),
    ...results.map((result) => result.deploymentUnitRef),
  ];
  const root = names.some((name) => name.startsWith('InternetGatewayDevice.'))
    ? 'InternetGatewayDevice.'
    : names.some((name) => name.startsWith('Device.'))
      ? 'Device.'
      : null;
  return root === null ? null : `${root}SoftwareModules.`;
}
