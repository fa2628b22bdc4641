import type { Producer } from 'kafkajs';
import { assertPublicMessage, TOPICS, type AcsCommandResult } from '@acs/contracts';
import { KafkaEventConsumer, KafkaEventPublisher } from '@acs/event-bus';
import { FAST_CONSUMER_TIMINGS, useKafkaMockCluster } from '@acs/testing';
import { CommandConsumer } from './command-consumer';
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

describe('CommandConsumer over Kafka', () => {
  const kafka = useKafkaMockCluster({
    brokers: 1,
    topics: { [TOPICS.commands]: 1, [TOPICS.commandResults]: 1 },
  });
  let fixture: CommandFixture;
  let caller: Producer;
  let resultProducer: Producer;
  let commandConsumer: CommandConsumer;
  let resultReader: KafkaEventConsumer;
  const results: AcsCommandResult[] = [];

  beforeAll(async () => {
    fixture = new CommandFixture();
    await fixture.seedDevice(DEVICE, 'KAFKA1');
    caller = kafka.client('oss').producer({ idempotent: false });
    await caller.connect();
    resultProducer = kafka.client('acs-results').producer({ idempotent: false });
    await resultProducer.connect();
    const executeCommand = new ExecuteCommand(
      fixture.ports(new KafkaEventPublisher(resultProducer)),
    );
    commandConsumer = new CommandConsumer(
      new KafkaEventConsumer(kafka.client('acs-commands'), {
        groupId: 'acs-commands',
        consumerConfig: FAST_CONSUMER_TIMINGS,
      }),
      executeCommand,
      fixture.log,
    );
    // The OSS side: reads every result, and checks it against the published schema.
    resultReader = new KafkaEventConsumer(kafka.client('oss-results'), {
      groupId: 'oss-results',
      consumerConfig: FAST_CONSUMER_TIMINGS,
    });
    await resultReader.start(TOPICS.commandResults, async (messages) => {
      for (const message of messages) {
        const result = assertPublicMessage(TOPICS.commandResults, message.value);
        expect(message.key).toBe(result.commandId);
        results.push(result);
      }
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([commandConsumer.stop(), resultReader.stop()]);
    await Promise.allSettled([caller.disconnect(), resultProducer.disconnect()]);
    await fixture.close();
  }, 60_000);

  const send = (commandId: string, fields: Record<string, unknown>) =>
    caller.send({
      topic: TOPICS.commands,
      acks: -1,
      messages: [
        { key: commandId, value: JSON.stringify({ schemaVersion: 1, commandId, ...fields }) },
      ],
    });
  const resultsOf = (commandId: string) => results.filter((r) => r.commandId === commandId);
  const tasksOfDevice = async () =>
    (await fixture.nbi.tasks.list({ deviceId: DEVICE, limit: 10 })).total;

  it('executes a command from acs.commands and answers on acs.command-results', async () => {
    await send('kafka-1', { type: 'setTags', deviceIds: [DEVICE], add: ['kafka'], remove: [] });
    await commandConsumer.start();

    await waitFor(() => resultsOf('kafka-1').length > 0, 'the result of kafka-1');
    expect(resultsOf('kafka-1')).toEqual([
      expect.objectContaining({ status: 'succeeded', type: 'setTags', result: { matched: 1 } }),
    ]);
    expect(await fixture.tagsOf(DEVICE)).toEqual(['kafka']);
  }, 60_000);

  it('does not run again a command delivered again after its result could not be published', async () => {
    // The command waits while the consumer is stopped; then the next produce request (its
    // result) fails, so the batch is not committed and comes again.
    await commandConsumer.stop();
    await send('kafka-2', {
      type: 'createTask',
      deviceId: DEVICE,
      task: { type: 'reboot', payload: {} },
    });
    await kafka.cluster.pushRequestErrors(PRODUCE_API_KEY, [NON_RETRIABLE_PRODUCE_ERROR]);
    await commandConsumer.start();

    await waitFor(() => resultsOf('kafka-2').length > 0, 'an answer to kafka-2');
    const [answer] = resultsOf('kafka-2');
    // The first answer was lost with the failed produce; the redelivery carries its outcome.
    expect(answer).toMatchObject({
      status: 'duplicate',
      original: { status: 'succeeded', result: { taskId: expect.any(String) } },
    });
    expect(await tasksOfDevice()).toBe(1);
  }, 60_000);

  it('answers a command the caller sent twice once executed, once duplicate', async () => {
    const reboot = { type: 'createTask', deviceId: DEVICE, task: { type: 'reboot', payload: {} } };
    await send('kafka-3', reboot);
    await send('kafka-3', reboot);

    await waitFor(() => resultsOf('kafka-3').length >= 2, 'both answers to kafka-3');
    const [first, second] = resultsOf('kafka-3');
    expect(first).toMatchObject({ status: 'succeeded' });
    expect(second).toMatchObject({ status: 'duplicate', original: { result: first?.result } });
    expect(await tasksOfDevice()).toBe(2);
  }, 60_000);
});
