import type { AcsEvent } from '@acs/contracts';
import type { CampaignDevice } from '@acs/firmware-data-access';
import { ROLLBACK_STATES, type DeviceRunState, type DeviceSignal } from '@acs/firmware-domain';
import { CAMPAIGN_COMMAND_KEY_PREFIX } from './advance-campaigns';
import { moveOnSignal, type InFlightDevices } from './device-moves';
import type { CampaignPorts } from './ports';
import { recordRollbackEvent } from './rollback-signals';
import { SOFTWARE_VERSION, versionSignalOf } from './version-signals';

/** The campaign's own tasks: its Downloads, and a rollback's read, set and reboot. */
const CAMPAIGN_TASK_TYPES = new Set([
  'download',
  'getParameterValues',
  'setParameterValues',
  'reboot',
]);
const ROLLING: readonly DeviceRunState[] = ROLLBACK_STATES;

/** Which device an event is about and whether it may concern a campaign, before any read. */
function relevance(event: AcsEvent, inFlight: InFlightDevices): string | null {
  switch (event.type) {
    case 'TransferAccepted':
    case 'TransferCompleted':
      return event.commandKey.startsWith(CAMPAIGN_COMMAND_KEY_PREFIX) ||
        (event.commandKey === '' && inFlight.mayBeInFlight(event.deviceId))
        ? event.deviceId
        : null;
    case 'TaskFailed':
    case 'TaskExpired':
      // A campaign Download names itself by its CommandKey: another replica may have started it
      // since this one last read who is in flight.
      return event.commandKey?.startsWith(CAMPAIGN_COMMAND_KEY_PREFIX) ||
        (CAMPAIGN_TASK_TYPES.has(event.taskType) && inFlight.mayBeInFlight(event.deviceId))
        ? event.deviceId
        : null;
    case 'TaskCompleted':
      // Only a rollback's read of the banks is waited for by its answer.
      return event.taskType === 'getParameterValues' && inFlight.mayBeInFlight(event.deviceId)
        ? event.deviceId
        : null;
    case 'DeviceBooted':
      return event.softwareVersion !== undefined && inFlight.mayBeInFlight(event.deviceId)
        ? event.deviceId
        : null;
    case 'DeviceParametersChanged':
      return event.changes.some((change) => change.path.endsWith(SOFTWARE_VERSION)) &&
        inFlight.mayBeInFlight(event.deviceId)
        ? event.deviceId
        : null;
    default:
      return null;
  }
}

/** What the event says of the device's campaign attempt, or null when it is about something else. */
function signalOf(event: AcsEvent, device: CampaignDevice): DeviceSignal | null {
  switch (event.type) {
    case 'TransferAccepted':
      return event.commandKey === device.commandKey || event.taskId === device.taskId
        ? { kind: 'download-accepted' }
        : null;
    case 'TransferCompleted': {
      // Some CPEs send TransferComplete with an empty CommandKey: provisioning still names the
      // task it closed, and failing that, an empty key can only be this device's one Download.
      const ours =
        event.commandKey === device.commandKey ||
        (event.taskId !== undefined && event.taskId === device.taskId) ||
        (event.commandKey === '' && !event.autonomous);
      return ours
        ? { kind: 'transfer-complete', faultCode: event.faultCode, faultString: event.faultString }
        : null;
    }
    case 'TaskFailed':
      // A failure provisioning retries itself is not the attempt's end (campaign tasks allow one).
      return (event.taskId === device.taskId || event.commandKey === device.commandKey) &&
        event.retryAt === undefined
        ? { kind: 'task-failed', code: event.fault.code, message: event.fault.message }
        : null;
    case 'TaskExpired':
      return event.taskId === device.taskId || event.commandKey === device.commandKey
        ? { kind: 'task-expired' }
        : null;
    case 'DeviceBooted':
    case 'DeviceParametersChanged':
      return versionSignalOf(event);
    default:
      return null;
  }
}

/**
 * Reads what acs.events says of devices in campaigns (their Download taken, TransferComplete,
 * the task's end, the version after the boot) and moves them on; likewise for a rollback. Events of devices in no
 * campaign cost nothing: most are filtered out before any store read.
 */
export class RecordCampaignSignal {
  constructor(
    private readonly ports: Pick<
      CampaignPorts,
      'campaigns' | 'events' | 'now' | 'tasks' | 'images' | 'devices' | 'links' | 'log'
    >,
    private readonly inFlight: InFlightDevices,
  ) {}

  async execute(event: AcsEvent): Promise<void> {
    const deviceId = relevance(event, this.inFlight);
    if (deviceId === null) return;
    const device = await this.ports.campaigns.activeMembership(deviceId);
    if (!device) return;
    if (ROLLING.includes(device.state)) {
      const campaign = await this.ports.campaigns.get(device.campaignId);
      if (campaign)
        await recordRollbackEvent(
          this.ports,
          campaign,
          device,
          event,
          this.ports.now(),
          this.inFlight,
        );
      return;
    }
    const signal = signalOf(event, device);
    if (!signal) return;
    const campaign = await this.ports.campaigns.get(device.campaignId);
    if (!campaign) return;
    await moveOnSignal(this.ports, campaign, device, signal, this.ports.now(), this.inFlight);
  }
}
