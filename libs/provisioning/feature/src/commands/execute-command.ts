import {
  ACS_COMMAND_TYPES,
  TOPICS,
  validateAcsCommand,
  type AcsCommand,
  type AcsCommandResult,
  type CommandOutcome,
} from '@acs/contracts';
import type { CommandRecord } from '@acs/provisioning-data-access';
import type { ExecutionOutcome } from './command-errors';
import { CommandHandlers } from './command-handlers';
import type { CommandPorts } from './command-ports';

type Parsed =
  | { ok: true; command: AcsCommand }
  | { ok: false; errors: string[]; commandId?: string; type: AcsCommandResult['type'] };

/**
 * The ExecuteCommand use case: one message of `acs.commands`, executed at most once per command
 * id, answered on `acs.command-results` under that id.
 *
 * Order: validate, claim the id, execute, record the result, publish it. The claim comes before
 * any effect, so a redelivered command (or one sent twice) finds it and is answered `duplicate`
 * with the first outcome instead of running again. A command interrupted between claim and
 * record is never run again either (it may have taken effect): its duplicates say the outcome is
 * unknown. Store or bus failures before the claim or after the execution throw, so that the
 * consumer delivers the message again.
 */
export class ExecuteCommand {
  private readonly handlers: CommandHandlers;
  private readonly now: () => Date;

  constructor(private readonly ports: CommandPorts) {
    this.handlers = new CommandHandlers(ports);
    this.now = ports.now ?? (() => new Date());
  }

  /** The result published, or null for a message without a readable command id (logged). */
  async execute(raw: string): Promise<AcsCommandResult | null> {
    const parsed = parse(raw);
    if (!parsed.ok) {
      if (parsed.commandId === undefined) {
        this.ports.log.warn('command without a readable commandId skipped', {
          errors: parsed.errors,
        });
        return null;
      }
      // Nothing ran, so the id is not claimed: the caller may send the corrected command under it.
      return this.publish({
        ...this.header(parsed.commandId, parsed.type),
        status: 'rejected',
        error: {
          code: 'invalid-command',
          message: `invalid command: ${parsed.errors[0] ?? 'unknown error'}`,
          details: parsed.errors,
        },
      });
    }

    const { command } = parsed;
    const claim = await this.ports.commands.claim(command.commandId, summaryOf(command));
    if (!claim.claimed) return this.publish(this.duplicateOf(command, claim.record));

    const outcome = await this.run(command);
    const result: AcsCommandResult = {
      ...this.header(command.commandId, command.type),
      ...outcome,
    };
    await this.ports.commands.complete(command.commandId, result);
    this.ports.log.info('command executed', {
      commandId: command.commandId,
      type: command.type,
      status: result.status,
      ...(result.error ? { code: result.error.code } : {}),
    });
    return this.publish(result);
  }

  private async run(command: AcsCommand): Promise<ExecutionOutcome> {
    try {
      return await this.handlers.run(command);
    } catch (error) {
      // The id is claimed: the command cannot run again, so the caller must learn it failed.
      this.ports.log.error('command failed unexpectedly', {
        commandId: command.commandId,
        type: command.type,
        error: String(error),
      });
      return {
        status: 'failed',
        error: {
          code: 'internal-error',
          message: 'the platform could not execute it (its logs have the cause, by commandId)',
        },
      };
    }
  }

  private duplicateOf(command: AcsCommand, record: CommandRecord): AcsCommandResult {
    const header = this.header(command.commandId, command.type);
    const original = record.status === 'completed' ? outcomeOf(record.result) : null;
    if (original) return { ...header, status: 'duplicate', original };
    return {
      ...header,
      status: 'duplicate',
      error: {
        code: 'outcome-unknown',
        message:
          `command ${command.commandId} was claimed at ${record.claimedAt} and has no recorded ` +
          'result: it was interrupted, or is still running elsewhere; it is not executed again',
      },
    };
  }

  private header(commandId: string, type: AcsCommandResult['type']) {
    return {
      schemaVersion: 1 as const,
      commandId,
      type,
      completedAt: this.now().toISOString(),
    };
  }

  private async publish(result: AcsCommandResult): Promise<AcsCommandResult> {
    await this.ports.publisher.publish({
      topic: TOPICS.commandResults,
      key: result.commandId,
      value: JSON.stringify(result),
    });
    return result;
  }
}

function parse(raw: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${String(error)}`], type: 'unknown' };
  }
  const checked = validateAcsCommand(value);
  if (checked.ok) return { ok: true, command: checked.value };
  const fields =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { commandId, type } = fields;
  const readableId =
    typeof commandId === 'string' && commandId.length > 0 && commandId.length <= 128;
  return {
    ok: false,
    errors: checked.errors,
    ...(readableId ? { commandId } : {}),
    type: ACS_COMMAND_TYPES.find((known) => known === type) ?? 'unknown',
  };
}

/** What the command log keeps of a command for operators: its type and what it targets. */
function summaryOf(command: AcsCommand): Record<string, unknown> {
  const issued = command.issuedAt ? { issuedAt: command.issuedAt } : {};
  switch (command.type) {
    case 'setTags':
      return { type: command.type, devices: command.deviceIds.length, ...issued };
    case 'loadSubscribers':
      return { type: command.type, records: command.records.length, ...issued };
    case 'controlCampaign':
      return {
        type: command.type,
        campaignId: command.campaignId,
        action: command.action,
        ...issued,
      };
    default:
      return { type: command.type, deviceId: command.deviceId, ...issued };
  }
}

/** The first execution's outcome, from the result the log recorded. */
function outcomeOf(stored: Record<string, unknown> | undefined): CommandOutcome | null {
  if (!stored) return null;
  const { status, completedAt, result, error } = stored as Partial<AcsCommandResult>;
  if (status === undefined || completedAt === undefined) return null;
  return {
    status,
    completedAt,
    ...(result ? { result } : {}),
    ...(error ? { error } : {}),
  };
}
