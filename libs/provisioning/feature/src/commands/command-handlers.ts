import type { AcsCommand } from '@acs/contracts';
import {
  ApplyProfile,
  CreateTask,
  LoadSubscribers,
  RequestConnection,
  RequestDiagnostic,
  SetTags,
} from '@acs/provisioning-use-cases';
import { commandFailureOf, failed, type ExecutionOutcome } from './command-errors';
import type { CommandPorts } from './command-ports';

/** Connection-request outcomes that mean the device was reached. */
const WOKEN = new Set(['ok', 'sent']);

const NO_LISTENER = { changed: async () => undefined };

/**
 * Runs a validated command through the provisioning use case of its type (the same ones the
 * operator API runs) and says how it ended, in the terms of `acs.command-results`. The use cases
 * check everything before their one write, so a refused command leaves everything as it was;
 * their refusals become failed outcomes (commandFailureOf), anything else is thrown, for the
 * executor to record.
 */
export class CommandHandlers {
  private readonly createTask: CreateTask;
  private readonly requestDiagnostic: RequestDiagnostic;
  private readonly setTags: SetTags;
  private readonly loadSubscribers: LoadSubscribers;
  private readonly applyProfile: ApplyProfile;
  private readonly requestConnection: RequestConnection;
  private readonly campaigns: CommandPorts['campaigns'];

  constructor(ports: Omit<CommandPorts, 'commands' | 'publisher'>) {
    this.campaigns = ports.campaigns;
    const { devices, inventory, tasks, subscribers, configurations, connectionRequests, log } =
      ports;
    const changes = ports.changes ?? NO_LISTENER;
    this.createTask = new CreateTask({ devices, tasks, connectionRequests, log });
    this.requestDiagnostic = new RequestDiagnostic({ devices, createTask: this.createTask });
    this.setTags = new SetTags({ devices, inventory });
    this.loadSubscribers = new LoadSubscribers({ subscribers, configurations, changes });
    this.applyProfile = new ApplyProfile({ devices, subscribers, configurations, changes });
    this.requestConnection = new RequestConnection({ devices, connectionRequests });
  }

  async run(command: AcsCommand): Promise<ExecutionOutcome> {
    try {
      return await this.execute(command);
    } catch (error) {
      const failure = commandFailureOf(error);
      if (failure) return failure;
      throw error;
    }
  }

  private async execute(command: AcsCommand): Promise<ExecutionOutcome> {
    switch (command.type) {
      case 'createTask': {
        const { task, connectionRequest } = await this.createTask.execute(command);
        return succeeded({
          taskId: task.id,
          expiresAt: task.expiresAt,
          ...(connectionRequest ? { connectionRequest } : {}),
        });
      }
      case 'runDiagnostic': {
        const { task, connectionRequest } = await this.requestDiagnostic.execute(command);
        return succeeded({
          runId: task.id,
          expiresAt: task.expiresAt,
          ...(connectionRequest ? { connectionRequest } : {}),
        });
      }
      case 'setTags':
        return succeeded(await this.setTags.execute(command));
      case 'loadSubscribers':
        return succeeded(await this.loadSubscribers.execute(command));
      case 'applyProfile':
        return succeeded(await this.applyProfile.execute(command));
      case 'controlCampaign': {
        if (!this.campaigns)
          return failed('campaigns-unavailable', 'this service runs no firmware campaigns');
        const { campaignId, action, note } = command;
        const outcome = await this.campaigns.control(campaignId, action, note);
        if (outcome.outcome === 'done') return succeeded({ campaignId, state: outcome.state });
        return failed(
          outcome.outcome === 'not-found' ? 'campaign-not-found' : 'campaign-state-conflict',
          outcome.message,
        );
      }
      case 'connectionRequest': {
        const { deviceId } = command;
        const woken = await this.requestConnection.execute({ deviceId });
        const detail = woken.detail ? { detail: woken.detail } : {};
        const result = { outcome: woken.outcome, ...detail };
        if (WOKEN.has(woken.outcome)) return succeeded(result);
        return failed(
          'connection-request-failed',
          `connection request to ${deviceId}: ${woken.outcome}${woken.detail ? ` (${woken.detail})` : ''}`,
          result,
        );
      }
    }
  }
}

const succeeded = (result: object): ExecutionOutcome => ({
  status: 'succeeded',
  result: { ...result },
});
