import type { NewTask } from '@acs/contracts';
import type { Campaign, CampaignDevice, DeviceChange } from '@acs/firmware-data-access';
import {
  BOOT_FIRMWARE_IMAGE,
  FIRMWARE_IMAGE_TABLE,
  ROLLBACK_IN_FLIGHT_STATES,
  previousImage,
  rollbackAfter,
  rollbackFailed,
  rollbackReading,
  rollbackRoute,
  rollbackRouted,
  withRollbackTasks,
  type DeviceSignal,
  type ReadValue,
  type RollbackRoute,
  type RollingDevice,
} from '@acs/firmware-domain';
import { wholeCatalogue } from '../catalogue';
import { rollbackOutcome } from './campaign-events';
import type { InFlightDevices } from './device-moves';
import type { CampaignPorts } from './ports';

export type RollbackPorts = Pick<
  CampaignPorts,
  'campaigns' | 'events' | 'tasks' | 'images' | 'devices' | 'links' | 'log'
>;

/** How far past the rollback's timeout a signed download URL stays valid. */
const URL_MARGIN_MS = 3_600_000;

/**
 * The CommandKey of a device's rollback Download and Reboot: one rollback per device and
 * campaign; the campaign's prefix, so the engine reads its TransferComplete as its attempts'.
 */
export function rollbackCommandKey(campaignId: string): string {
  return `fw-${campaignId.slice(0, 16)}-rb`;
}

/** The device with its rollback, when it has one. */
export function rollingOf(device: CampaignDevice): (CampaignDevice & RollingDevice) | null {
  return device.rollback ? { ...device, rollback: device.rollback } : null;
}

/** What is stored of the device's progress: the rollout's fields as they were, the rollback's new. */
function changeOf(device: CampaignDevice, next: RollingDevice): DeviceChange {
  const { taskId, commandKey, finishedAt, excludedBecause } = device;
  const { state, attempts, startedAt, retryAt, failure, rollback } = next;
  return {
    state,
    attempts,
    rollback,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(retryAt === undefined ? {} : { retryAt }),
    ...(failure === undefined ? {} : { failure }),
    ...(taskId === undefined ? {} : { taskId }),
    ...(commandKey === undefined ? {} : { commandKey }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(excludedBecause === undefined ? {} : { excludedBecause }),
  };
}

/**
 * Stores the device's next rollback step if it is still as read (two instances, a redelivered
 * event, never move it twice), keeps the in-flight set, and announces an end. The device after
 * the move, or null when another move came first.
 */
export async function saveRollback(
  ports: Pick<RollbackPorts, 'campaigns' | 'events'>,
  device: CampaignDevice,
  next: RollingDevice,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<CampaignDevice | null> {
  const change = changeOf(device, next);
  const from = { state: device.state, attempts: device.attempts };
  if (!(await ports.campaigns.moveDevice(device.campaignId, device.deviceId, from, change)))
    return null;
  const moved: CampaignDevice = { ...device, ...change };
  if (ROLLBACK_IN_FLIGHT_STATES.includes(moved.state)) inFlight?.add(device.deviceId);
  else inFlight?.delete(device.deviceId);
  const outcome = rollbackOutcome(moved, now);
  if (outcome) await ports.events.publish(outcome);
  return moved;
}

/** A rollback's signal (a task's end, the boot): the domain's verdict, stored. */
export async function moveRollbackOnSignal(
  ports: Pick<RollbackPorts, 'campaigns' | 'events'>,
  device: CampaignDevice,
  signal: DeviceSignal,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<void> {
  const rolling = rollingOf(device);
  const next = rolling && rollbackAfter(rolling, signal, now);
  if (next) await saveRollback(ports, device, next, now, inFlight);
}

// The tasks follow the campaign's mode. The read may be tried in a few sessions (it changes
// nothing); the set, the reboot and the Download are tried once: they run in order in one session,
// and a set tried again after the reboot that followed it would answer for a boot already over.
function taskOptions(campaign: Campaign, maxAttempts: number) {
  return {
    connectionRequest: campaign.plan.mode === 'active',
    expiresInSeconds: campaign.plan.confirmTimeoutSeconds,
    maxAttempts,
  };
}
const READ_ATTEMPTS = 3;

async function queueOrFail(
  ports: RollbackPorts,
  device: CampaignDevice,
  claimed: RollingDevice,
  queue: () => Promise<string[]>,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<void> {
  const saved = await saveRollback(ports, device, claimed, now, inFlight);
  const rolling = saved && rollingOf(saved);
  if (!rolling) return;
  let taskIds: string[];
  try {
    taskIds = await queue();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ports.log.error('queueing a rollback task failed', { deviceId: device.deviceId, message });
    const failure = { code: 'task-refused', message: `provisioning refused the task: ${message}` };
    await saveRollback(ports, rolling, rollbackFailed(rolling, failure, now), now, inFlight);
    return;
  }
  await saveRollback(ports, rolling, withRollbackTasks(rolling, taskIds), now, inFlight);
}

/** A pending rollback begins: the device's FirmwareImage table is read. */
export async function startRollback(
  ports: RollbackPorts,
  campaign: Campaign,
  device: CampaignDevice,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<void> {
  const rolling = rollingOf(device);
  if (!rolling || device.state !== 'rollback-pending') return;
  const task: NewTask = {
    type: 'getParameterValues',
    payload: { parameterNames: [FIRMWARE_IMAGE_TABLE] },
    ...taskOptions(campaign, READ_ATTEMPTS),
  };
  await queueOrFail(
    ports,
    device,
    rollbackReading(rolling, now),
    async () => [(await ports.tasks.queueTask({ deviceId: device.deviceId, task })).taskId],
    now,
    inFlight,
  );
}

/** What a GetParameterValues task's result lists: `{ values: [{ name, type, value }] }`. */
export function readValuesOf(result: Record<string, unknown>): ReadValue[] {
  const values = result['values'];
  if (!Array.isArray(values)) return [];
  return values.flatMap((entry: unknown) =>
    typeof entry === 'object' && entry !== null && 'name' in entry && typeof entry.name === 'string'
      ? [{ name: entry.name, value: 'value' in entry ? entry.value : undefined }]
      : [],
  );
}

/**
 * The banks were read (or the device has none): boot the bank that holds the previous version,
 * or download the library's image of it; no such image fails the rollback.
 */
export async function routeRollback(
  ports: RollbackPorts,
  campaign: Campaign,
  device: CampaignDevice,
  values: readonly ReadValue[] | null,
  now: Date,
  inFlight?: InFlightDevices,
): Promise<void> {
  const rolling = rollingOf(device);
  const toVersion = rolling?.rollback.toVersion;
  if (!rolling || device.state !== 'rollback-reading' || toVersion === undefined) return;
  const route: RollbackRoute = values ? rollbackRoute(values, toVersion) : { method: 'downgrade' };
  const { deviceId } = device;
  if (route.method === 'bank-switch') {
    const claimed = rollbackRouted(rolling, route, route.fromVersion);
    const options = taskOptions(campaign, 1);
    const bank = route.bank;
    await queueOrFail(
      ports,
      device,
      claimed,
      async () => {
        const set = await ports.tasks.queueTask({
          deviceId,
          task: {
            type: 'setParameterValues',
            payload: { values: [{ name: BOOT_FIRMWARE_IMAGE, value: bank, type: 'string' }] },
            ...options,
          },
        });
        const reboot = await ports.tasks.queueTask({
          deviceId,
          task: {
            type: 'reboot',
            payload: { commandKey: rollbackCommandKey(campaign.id) },
            ...options,
          },
        });
        return [set.taskId, reboot.taskId];
      },
      now,
      inFlight,
    );
    return;
  }
  const facts = await ports.devices.factsOf(deviceId);
  const catalogue = facts ? await wholeCatalogue(ports.images) : [];
  const image =
    facts &&
    previousImage(
      facts,
      catalogue.map((entry) => ({ ...entry, hasContent: entry.content !== undefined })),
      toVersion,
    );
  const content = image?.content;
  if (!image || !content) {
    const failure = {
      code: 'no-previous-image',
      message: `the library has no image of ${toVersion} for the device's model`,
    };
    await saveRollback(
      ports,
      device,
      rollbackFailed(rolling, failure, now, 'downgrade'),
      now,
      inFlight,
    );
    return;
  }
  const commandKey = rollbackCommandKey(campaign.id);
  const fromVersion = route.fromVersion ?? facts?.softwareVersion;
  const claimed = rollbackRouted(
    rolling,
    { method: 'downgrade', imageId: image.id, commandKey },
    fromVersion,
  );
  const { plan } = campaign;
  const expiresAt = new Date(now.getTime() + plan.confirmTimeoutSeconds * 1000 + URL_MARGIN_MS);
  await queueOrFail(
    ports,
    device,
    claimed,
    async () => [
      (
        await ports.tasks.queue({
          deviceId,
          fileType: image.fileType,
          url: ports.links.urlFor(content.fileId, deviceId, expiresAt),
          fileSize: content.size,
          commandKey,
          connectionRequest: plan.mode === 'active',
          expiresInSeconds: plan.confirmTimeoutSeconds,
        })
      ).taskId,
    ],
    now,
    inFlight,
  );
}
