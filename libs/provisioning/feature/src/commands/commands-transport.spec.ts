import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import type { Kafka, KafkaConfig, Producer } from 'kafkajs';
import { assertPublicMessage, TOPICS, type AcsCommandResult } from '@acs/contracts';
import { DEFAULT_PUBLISHER_OPTIONS, KafkaEventConsumer, KafkaEventPublisher } from '@acs/event-bus';
import {
  FAST_CONSUMER_TIMINGS,
  kafkaClientConfig,
  useKafkaCluster,
  useKafkaMockCluster,
} from '@acs/testing';
import { commandsMicroservice, commandsTransportModule } from './commands-transport';
import { ExecuteCommand } from './execute-command';
import { CommandFixture } from './test-support/command-fixture';

const DEVICE = '00D09E-HG8245-KAFKA1';
/** Kafka's MESSAGE_TOO_LARGE: a produce error kafkajs does not retry. */
const NON_RETRIABLE_PRODUCE_ERROR = 10;
const PRODUCE_API_KEY = 0;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A cluster as the pipeline needs it: clients, and the prefix of the suite's names. */
interface PipelineKafka {
  client(clientId: string): Kafka;
  brokers: readonly string[];
  prefix: string;
  /** Off on librdkafka's mock cluster, which cannot run it. */
  idempotent: boolean;
}

/**
 * An OSS caller, the command transport under test (provisioning's acs.commands microservice,
 * started by `start()`), and an OSS reader of the results.
 */
function useCommandPipeline(kafka: () => PipelineKafka) {
  const state = {} as {
    fixture: CommandFixture;
    caller: Producer;
    resultProducer: Producer;
    commands: INestMicroservice;
    resultReader: KafkaEventConsumer;
  };
  const results: AcsCommandResult[] = [];

  beforeAll(async () => {
    const { client, prefix, idempotent } = kafka();
    state.fixture = new CommandFixture();
    await state.fixture.seedDevice(DEVICE, 'KAFKA1');
    state.caller = client('oss').producer({ idempotent });
    await state.caller.connect();
    state.resultProducer = client('acs-results').producer({ idempotent });
    await state.resultProducer.connect();
    const executeCommand = new ExecuteCommand(
      state.fixture.ports(
        new KafkaEventPublisher(() => state.resultProducer, {
          ...DEFAULT_PUBLISHER_OPTIONS,
          namePrefix: prefix,
        }),
      ),
    );
    const { brokers } = kafka();
    const clientConfig: KafkaConfig = kafkaClientConfig({ brokers }, 'acs-commands');
    state.commands = await NestFactory.createMicroservice(
      commandsTransportModule({ namePrefix: prefix, executeCommand, log: state.fixture.log }),
      {
        ...commandsMicroservice({
          client: clientConfig,
          groupId: 'acs-commands',
          consumer: FAST_CONSUMER_TIMINGS,
          namePrefix: prefix,
        }),
        logger: false,
      },
    );
    // The OSS side: reads every result, and checks it against the published schema.
    state.resultReader = new KafkaEventConsumer(client('oss-results'), {
      groupId: 'oss-results',
      consumerConfig: FAST_CONSUMER_TIMINGS,
      namePrefix: prefix,
    });
    await state.resultReader.start(TOPICS.commandResults, async (messages) => {
      for (const message of messages) {
        const result = assertPublicMessage(TOPICS.commandResults, message.value);
        expect(message.key).toBe(result.commandId);
        results.push(result);
      }
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([state.commands.close(), state.resultReader.stop()]);
    await Promise.allSettled([state.caller.disconnect(), state.resultProducer.disconnect()]);
    await state.fixture.close();
  }, 60_000);

  return {
    /** Starts consuming acs.commands (the commands sent before it wait on the topic). */
    start: async () => {
      await state.commands.listen();
    },
    send: (commandId: string, fields: Record<string, unknown>) =>
      state.caller.send({
        topic: `${kafka().prefix}${TOPICS.commands}`,
        acks: -1,
        messages: [
          { key: commandId, value: JSON.stringify({ schemaVersion: 1, commandId, ...fields }) },
        ],
      }),
    resultsOf: (commandId: string) => results.filter((r) => r.commandId === commandId),
    tasksOfDevice: async () =>
      (await state.fixture.provisioning.tasks.list({ deviceId: DEVICE, limit: 10 })).total,
    tagsOf: (deviceId: string) => state.fixture.tagsOf(deviceId),
  };
}

describe('the acs.commands transport over a real Kafka cluster', () => {
  const kafka = useKafkaCluster({ topics: { [TOPICS.commands]: 1, [TOPICS.commandResults]: 1 } });
  const pipeline = useCommandPipeline(() => ({
    client: (clientId) => kafka.client(clientId),
    brokers: kafka.brokers,
    prefix: kafka.prefix,
    idempotent: true,
  }));

  it('executes a command from acs.commands and answers on acs.command-results', async () => {
    await pipeline.send('kafka-1', {
      type: 'setTags',
      deviceIds: [DEVICE],
      add: ['kafka'],
      remove: [],
    });
    await pipeline.start();

    await waitFor(() => pipeline.resultsOf('kafka-1').length > 0, 'the result of kafka-1');
    expect(pipeline.resultsOf('kafka-1')).toEqual([
      expect.objectContaining({ status: 'succeeded', type: 'setTags', result: { matched: 1 } }),
    ]);
    expect(await pipeline.tagsOf(DEVICE)).toEqual(['kafka']);
  }, 60_000);

  it('answers a command the caller sent twice once executed, once duplicate', async () => {
    const reboot = { type: 'createTask', deviceId: DEVICE, task: { type: 'reboot', payload: {} } };
    await pipeline.send('kafka-3', reboot);
    await pipeline.send('kafka-3', reboot);

    await waitFor(() => pipeline.resultsOf('kafka-3').length >= 2, 'both answers to kafka-3');
    const [first, second] = pipeline.resultsOf('kafka-3');
    expect(first).toMatchObject({ status: 'succeeded' });
    expect(second).toMatchObject({ status: 'duplicate', original: { result: first?.result } });
    expect(await pipeline.tasksOfDevice()).toBe(1);
  }, 60_000);
});

/** A produce request failing with an error of our choosing: only the mock injects those. */
describe("the acs.commands transport over librdkafka's mock cluster, with an injected produce error", () => {
  const kafka = useKafkaMockCluster({
    brokers: 1,
    topics: { [TOPICS.commands]: 1, [TOPICS.commandResults]: 1 },
  });
  const pipeline = useCommandPipeline(() => ({
    client: (clientId) => kafka.client(clientId),
    brokers: kafka.brokers,
    prefix: '',
    idempotent: false,
  }));

  it('does not run again a command delivered again after its result could not be published', async () => {
    // The command waits until the consumer starts; then the next produce request (its result)
    // fails, so the batch is not committed and comes again.
    await pipeline.send('kafka-2', {
      type: 'createTask',
      deviceId: DEVICE,
      task: { type: 'reboot', payload: {} },
    });
    await kafka.cluster.pushRequestErrors(PRODUCE_API_KEY, [NON_RETRIABLE_PRODUCE_ERROR]);
    await pipeline.start();

    await waitFor(() => pipeline.resultsOf('kafka-2').length > 0, 'an answer to kafka-2');
    const [answer] = pipeline.resultsOf('kafka-2');
    // The first answer was lost with the failed produce; the redelivery carries its outcome.
    expect(answer).toMatchObject({
      status: 'duplicate',
      original: { status: 'succeeded', result: { taskId: expect.any(String) } },
    });
    expect(await pipeline.tasksOfDevice()).toBe(1);
  }, 60_000);
});
