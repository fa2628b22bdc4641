/**
 * The two consumers bench:kafka-consumers compares, each built as the provisioning service builds
 * its own (apps/provisioning/src/provisioning-app.ts), from the service's default settings:
 *   pipelined       cwmp.session-events' PipelinedKafkaConsumer (eventsInFlight messages taken and
 *                   not handled yet, offsets committed in order every commitIntervalMs);
 *   nest_transport  acs.commands' @nestjs/microservices Kafka transport (commandsMicroservice's
 *                   options: kafkajs eachMessage, one message at a time), with a controller of one
 *                   @EventPattern like commandsTransportModule's.
 * Both hand every message to the same work: its JSON read, and one Redis round trip.
 */
import { Controller, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import type { Static } from '@sinclair/typebox';
import { TOPICS } from '@acs/contracts';
import {
  kafkaConfigFromSettings,
  kafkaConsumerConfig,
  kafkaFromSettings,
  PipelinedKafkaConsumer,
} from '@acs/event-bus';
import { commandsMicroservice } from '@acs/provisioning';
import type { RedisClient } from '@acs/redis';
import type { ProvisioningServiceSchema } from '../../../apps/provisioning/src/provisioning-config';
import type { SeenOffsets } from './seen-offsets';

/** The provisioning service's settings, as configFromEnv reads them (defaults where unset). */
export type ProvisioningSettings = Static<typeof ProvisioningServiceSchema>;

export type ConsumerName = 'pipelined' | 'nest_transport';

/** One consumer group's consumer, built but not consuming yet. */
export interface PreparedConsumer {
  /** Joins the group and starts consuming from the beginning. */
  start(): Promise<void>;
  /** Lets what is in hand finish, commits, leaves the group. */
  stop(): Promise<void>;
}

export interface ConsumerUnderTest {
  readonly name: ConsumerName;
  /** Builds the consumer of `groupId` (the Nest application's modules too): not timed. */
  prepare(groupId: string, seen: SeenOffsets): Promise<PreparedConsumer>;
}

/** What the handler does with one message: reads it, and one Redis round trip (SET). */
export type HandleMessage = (
  seen: SeenOffsets,
  partition: number,
  offset: string,
  value: string | null,
) => Promise<void>;

/** `SET seen:<deviceId> <offset>`, as a session-event handler makes at least one store call. */
export function redisWork(redis: RedisClient): HandleMessage {
  return async (seen, partition, offset, value) => {
    const event: unknown = value === null ? null : JSON.parse(value);
    const deviceId =
      typeof event === 'object' && event !== null && 'deviceId' in event
        ? event.deviceId
        : undefined;
    if (typeof deviceId !== 'string')
      throw new Error(`partition ${partition} offset ${offset}: no deviceId`);
    await redis.set(`seen:${deviceId}`, offset);
    seen.see(partition, offset);
  };
}

const reportHandlerError = (name: ConsumerName) => (error: unknown, context: object) =>
  process.stderr.write(`${name}: handler failed ${JSON.stringify(context)}: ${String(error)}\n`);

/** As provisioning consumes cwmp.session-events. */
export function pipelinedConsumer(
  settings: ProvisioningSettings,
  handle: HandleMessage,
): ConsumerUnderTest {
  return {
    name: 'pipelined',
    prepare: async (groupId, seen) => {
      const consumer = new PipelinedKafkaConsumer(kafkaFromSettings(settings), {
        groupId,
        maxInFlight: settings.eventsInFlight,
        commitIntervalMs: settings.commitIntervalMs,
        consumerConfig: kafkaConsumerConfig(settings),
        namePrefix: settings.kafkaNamePrefix,
        onHandlerError: reportHandlerError('pipelined'),
      });
      return {
        start: () =>
          consumer.start(TOPICS.sessionEvents, async (messages) => {
            // One key's messages, in order, as a device's session events are handled.
            for (const message of messages) {
              await handle(seen, message.partition, message.offset, message.value);
            }
          }),
        stop: () => consumer.stop(),
      };
    },
  };
}

/** As provisioning consumes acs.commands, on the same topic as `pipelined`. */
export function nestTransport(
  settings: ProvisioningSettings,
  handle: HandleMessage,
): ConsumerUnderTest {
  const topic = `${settings.kafkaNamePrefix}${TOPICS.sessionEvents}`;
  return {
    name: 'nest_transport',
    prepare: async (groupId, seen) => {
      const app: INestMicroservice = await NestFactory.createMicroservice(
        handlerModule(topic, (partition, offset, value) => handle(seen, partition, offset, value)),
        {
          ...commandsMicroservice({
            client: kafkaConfigFromSettings(settings),
            groupId,
            consumer: kafkaConsumerConfig(settings),
            namePrefix: settings.kafkaNamePrefix,
          }),
          logger: false,
        },
      );
      return {
        start: async () => {
          await app.listen();
        },
        stop: () => app.close(),
      };
    },
  };
}

/** commandsTransportModule's shape: one controller, one @EventPattern on `topic`. */
function handlerModule(
  topic: string,
  handle: (partition: number, offset: string, value: string | null) => Promise<void>,
): DynamicModule {
  @Controller()
  class BenchEventsController {
    @EventPattern<string>(topic)
    async handle(@Payload() _bytes: unknown, @Ctx() context: KafkaContext): Promise<void> {
      const message = context.getMessage();
      await handle(
        context.getPartition(),
        message.offset,
        message.value === null ? null : message.value.toString('utf8'),
      );
    }
  }
  @Module({})
  class BenchEventsModule {}
  return { module: BenchEventsModule, controllers: [BenchEventsController] };
}
