import {
  DEFAULT_TASK_LIFETIME_SECONDS,
  type AcsCommand,
  type ApplyProfileCommand,
  type CommandError,
  type ConnectionRequestCommand,
  type CreateTaskCommand,
  type LoadSubscribersCommand,
  type SetTagsCommand,
  type SubscriberRecord,
} from '@acs/contracts';
import { InvalidTagsError } from '@acs/device-store';
import type { NewStoredTask } from '@acs/provisioning-data-access';
import { InvalidSubscriberRecordError } from '@acs/provisioning-data-access';
import type { CommandPorts } from './command-ports';

/** How executing a command ended; a failure changed nothing stored. */
export type ExecutionOutcome =
  | { status: 'succeeded'; result: Record<string, unknown> }
  | { status: 'failed'; error: CommandError; result?: Record<string, unknown> };

/** Connection-request outcomes that mean the device was reached. */
const WOKEN = new Set(['ok', 'sent']);

const failed = (
  code: CommandError['code'],
  message: string,
  result?: Record<string, unknown>,
): ExecutionOutcome => ({
  status: 'failed',
  error: { code, message },
  ...(result ? { result } : {}),
});

const deviceNotFound = (deviceId: string) =>
  failed('device-not-found', `no device ${deviceId}`, { missing: [deviceId] });

/**
 * The effect of each command type on the stores. Every check comes before the one write a
 * command makes, so a refused command leaves everything as it was. Errors the platform does not
 * expect (a store down) are thrown, for the caller to record.
 */
export class CommandHandlers {
  constructor(private readonly ports: Omit<CommandPorts, 'commands' | 'publisher'>) {}

  run(command: AcsCommand): Promise<ExecutionOutcome> {
    switch (command.type) {
      case 'createTask':
        return this.createTask(command);
      case 'setTags':
        return this.setTags(command);
      case 'loadSubscribers':
        return this.loadSubscribers(command);
      case 'applyProfile':
        return this.applyProfile(command);
      case 'connectionRequest':
        return this.connectionRequest(command);
    }
  }

  private async createTask({ deviceId, task }: CreateTaskCommand): Promise<ExecutionOutcome> {
    if (!(await this.findDevice(deviceId))) return deviceNotFound(deviceId);
    const created = await this.ports.tasks.create({
      deviceId,
      type: task.type,
      payload: task.payload,
      expiresInSeconds: task.expiresInSeconds ?? DEFAULT_TASK_LIFETIME_SECONDS,
      connectionRequest: task.connectionRequest ?? false,
    } as NewStoredTask); // type and payload come from one validated variant of NewTask.
    const result: Record<string, unknown> = { taskId: created.id, expiresAt: created.expiresAt };
    if (task.connectionRequest) {
      // The task is queued either way: a device that cannot be woken runs it at its next inform.
      result['connectionRequest'] = await this.ports.connectionRequests
        .wake(deviceId)
        .catch((error: unknown) => ({ outcome: 'error', detail: String(error) }));
    }
    return { status: 'succeeded', result };
  }

  private async setTags({ deviceIds, add, remove }: SetTagsCommand): Promise<ExecutionOutcome> {
    const filter = { deviceId: { $in: deviceIds } };
    const page = await this.ports.devices.find({
      filter,
      projection: ['deviceId'],
      limit: deviceIds.length,
    });
    const known = new Set(page.devices.map((device) => device.deviceId));
    const missing = deviceIds.filter((deviceId) => !known.has(deviceId));
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', ...' : '');
      return failed('device-not-found', `no device ${shown}`, { missing });
    }
    try {
      const matched = await this.ports.devices.updateTags(filter, add, remove);
      return { status: 'succeeded', result: { matched } };
    } catch (error) {
      if (error instanceof InvalidTagsError) return failed('invalid-tags', error.message);
      throw error;
    }
  }

  private async loadSubscribers({ records }: LoadSubscribersCommand): Promise<ExecutionOutcome> {
    const unknownProfile = await this.firstUnknownProfile(records);
    if (unknownProfile) {
      return failed(
        'configuration-not-found',
        `records[${unknownProfile.index}].profile: no configuration ${unknownProfile.profile}`,
      );
    }
    return this.upsert(records, (upserted) => ({ upserted }));
  }

  private async applyProfile(command: ApplyProfileCommand): Promise<ExecutionOutcome> {
    const { deviceId, configurationId, data } = command;
    const device = await this.findDevice(deviceId);
    if (!device) return deviceNotFound(deviceId);
    if (!(await this.ports.configurations.get(configurationId))) {
      return failed('configuration-not-found', `no configuration ${configurationId}`);
    }
    const existing = await this.ports.subscribers.findForDevice({
      deviceId,
      ...(device.oui ? { oui: device.oui } : {}),
      ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
    });
    // A record found by serial number is pinned to the device it is now known to be on.
    const record: SubscriberRecord = existing
      ? { ...existing, deviceId, profile: configurationId, data: data ?? existing.data }
      : {
          subscriberId: `device:${deviceId}`,
          deviceId,
          profile: configurationId,
          data: data ?? {},
        };
    return this.upsert([record], () => ({
      subscriberId: record.subscriberId,
      created: existing === null,
    }));
  }

  private async connectionRequest({
    deviceId,
  }: ConnectionRequestCommand): Promise<ExecutionOutcome> {
    if (!(await this.findDevice(deviceId))) return deviceNotFound(deviceId);
    const woken = await this.ports.connectionRequests.wake(deviceId);
    const result = { outcome: woken.outcome, ...(woken.detail ? { detail: woken.detail } : {}) };
    if (WOKEN.has(woken.outcome)) return { status: 'succeeded', result };
    return failed(
      'connection-request-failed',
      `connection request to ${deviceId}: ${woken.outcome}${woken.detail ? ` (${woken.detail})` : ''}`,
      result,
    );
  }

  private async findDevice(deviceId: string) {
    const page = await this.ports.devices.find({
      filter: { deviceId },
      projection: ['deviceId', 'oui', 'serialNumber'],
      limit: 1,
    });
    return page.devices[0] ?? null;
  }

  /** A profile names a configuration: an unknown one would be a fault on every device it reaches. */
  private async firstUnknownProfile(
    records: SubscriberRecord[],
  ): Promise<{ index: number; profile: string } | null> {
    const known = new Map<string, boolean>();
    for (const [index, { profile }] of records.entries()) {
      if (profile === undefined) continue;
      let exists = known.get(profile);
      if (exists === undefined) {
        exists = (await this.ports.configurations.get(profile)) !== null;
        known.set(profile, exists);
      }
      if (!exists) return { index, profile };
    }
    return null;
  }

  private async upsert(
    records: SubscriberRecord[],
    resultOf: (upserted: number) => Record<string, unknown>,
  ): Promise<ExecutionOutcome> {
    try {
      return {
        status: 'succeeded',
        result: resultOf(await this.ports.subscribers.upsert(records)),
      };
    } catch (error) {
      if (!(error instanceof InvalidSubscriberRecordError)) throw error;
      return failed(
        'invalid-subscriber-records',
        `records[${error.index}].${error.field}: ${error.detail}`,
      );
    }
  }
}
