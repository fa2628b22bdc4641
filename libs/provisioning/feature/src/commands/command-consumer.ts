import { TOPICS } from '@acs/contracts';
import type { ConsumedMessage, EventConsumer } from '@acs/event-bus';
import type { ProvisioningLog } from '../ports';
import type { ExecuteCommand } from './execute-command';

/**
 * Runs ExecuteCommand over `acs.commands`: each message of a batch in order, the batch resolving
 * once every result is published. A failure (a store or the bus down) throws out of the batch,
 * which is then delivered again: commands already executed in it are answered `duplicate` with
 * their recorded results, the rest run.
 */
export class CommandConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly executeCommand: ExecuteCommand,
    private readonly log: ProvisioningLog,
  ) {}

  start(): Promise<void> {
    return this.consumer.start(TOPICS.commands, (messages) => this.handle(messages));
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async handle(messages: readonly ConsumedMessage[]): Promise<void> {
    for (const message of messages) {
      if (message.value === null) {
        this.log.warn('empty command message skipped', {
          partition: message.partition,
          offset: message.offset,
        });
        continue;
      }
      await this.executeCommand.execute(message.value);
    }
  }
}
