import { Controller, Module, type DynamicModule, type Type } from '@nestjs/common';
import {
  Ctx,
  EventPattern,
  KafkaContext,
  Payload,
  Transport,
  type KafkaOptions,
} from '@nestjs/microservices';
import type { ConsumerConfig, KafkaConfig } from 'kafkajs';
import { TOPICS } from '@acs/contracts';
import type { ProvisioningLog } from '../ports';
import type { ExecuteCommand } from './execute-command';

export interface CommandsTransportOptions {
  /** The kafkajs client: brokers, client id, timeouts, retry. */
  client: KafkaConfig;
  /** The consumer group of the command consumers (every pod of the service shares it). */
  groupId: string;
  consumer?: Pick<ConsumerConfig, 'sessionTimeout' | 'heartbeatInterval' | 'maxWaitTimeInMs'>;
  /** Before the topic name, as every other name of the deployment (KAFKA_NAME_PREFIX). */
  namePrefix: string;
  /**
   * Partitions of acs.commands handled side by side (1 by default). Commands are keyed by their
   * id, so only one command's redeliveries need an order: with several partitions at once, a
   * command waiting on a store or a connection request does not hold up the others.
   */
  partitionsConcurrently?: number;
}

/**
 * `acs.commands` on @nestjs/microservices' Kafka transport: the options for
 * `app.connectMicroservice(...)`, next to the module with its controller (commandsTransportModule).
 * Every message is handled alone and in order within its partition (kafkajs `eachMessage`); its
 * offset is committed only once the handler resolved, so a command whose handling throws (a store
 * or the bus down) is delivered again, and ExecuteCommand answers it `duplicate` if it already
 * ran. The group and client ids are used as given (Nest would append `-server`).
 */
export function commandsMicroservice(options: CommandsTransportOptions): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: options.client,
      consumer: { ...options.consumer, groupId: `${options.namePrefix}${options.groupId}` },
      postfixId: '',
      run: { partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1 },
      // A command sent before the first pod ever started is still executed.
      subscribe: { fromBeginning: true },
      // The handler reads the bytes and validates them itself (Nest would parse what looks like JSON).
      parser: { keepBinary: true },
    },
  };
}

/**
 * The command adapter: a Nest microservice controller whose one @EventPattern hands each message
 * of `acs.commands` to ExecuteCommand. The topic is a decorator argument, so the class is made
 * per topic name (the prefix is known only at start-up).
 */
function commandsControllerFor(
  topic: string,
  executeCommand: ExecuteCommand,
  log: ProvisioningLog,
): Type<unknown> {
  @Controller()
  class CommandsController {
    @EventPattern<string>(topic)
    async handle(@Payload() _bytes: unknown, @Ctx() context: KafkaContext): Promise<void> {
      const message = context.getMessage();
      if (message.value === null) {
        log.warn('empty command message skipped', {
          partition: context.getPartition(),
          offset: message.offset,
        });
        return;
      }
      await executeCommand.execute(message.value.toString('utf8'));
    }
  }
  return CommandsController;
}

/** The module to import beside commandsMicroservice's transport. */
export function commandsTransportModule(options: {
  namePrefix: string;
  executeCommand: ExecuteCommand;
  log: ProvisioningLog;
}): DynamicModule {
  @Module({})
  class CommandsTransportModule {}
  const topic = `${options.namePrefix}${TOPICS.commands}`;
  return {
    module: CommandsTransportModule,
    controllers: [commandsControllerFor(topic, options.executeCommand, options.log)],
  };
}
