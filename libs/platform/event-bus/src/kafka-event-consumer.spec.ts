import { FAST_CONSUMER_TIMINGS, useKafkaCluster } from '@acs/testing';
import type { ConsumedMessage } from './event-consumer';
import { KafkaEventConsumer } from './kafka-event-consumer';
import { seqOf, useConsumerHarness } from './test-support/consumer-harness';
import { waitFor } from './test-support/wait-for';

describe('Kafka event consumer', () => {
  const kafka = useKafkaCluster({
    topics: { 'batches.three': 3, 'fails.once': 1, 'restarts.one': 1, 'commits.one': 1 },
  });
  const harness = useConsumerHarness(kafka);
  const committed = harness.committed;

  function consumer(groupId: string, maxBatchSize: number): KafkaEventConsumer {
    const created = new KafkaEventConsumer(kafka.client(groupId), {
      groupId,
      maxBatchSize,
      consumerConfig: FAST_CONSUMER_TIMINGS,
      namePrefix: kafka.prefix,
    });
    return harness.track(created);
  }

  async function produce(topic: string, count: number, keys = 1): Promise<void> {
    await harness.send(
      topic,
      Array.from({ length: count }, (_, i) => ({
        key: `device-${i % keys}`,
        value: JSON.stringify({ seq: i }),
      })),
    );
  }

  it('hands over batches no larger than asked, in order for each key', async () => {
    await produce('batches.three', 120, 6);
    const batches: ConsumedMessage[][] = [];
    await consumer('batches', 25).start('batches.three', async (messages) => {
      batches.push(messages);
    });
    await waitFor(() => batches.flat().length >= 120, 'all 120 messages');

    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(25);
    // Fetched together, handled together: not one message per call.
    expect(batches.length).toBeLessThan(120 / 2);
    const all = batches.flat();
    expect(new Set(all.map(seqOf)).size).toBe(120);
    for (let key = 0; key < 6; key++) {
      const seqs = all.filter((m) => m.key === `device-${key}`).map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }, 60_000);

  it('starts when its topic is created after the service (an operator creating the topics late)', async () => {
    const received: number[] = [];
    const starting = consumer('late', 10).start('created.late', async (messages) => {
      received.push(...messages.map(seqOf));
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await kafka.createTopics({ 'created.late': 1 });
    await starting;
    await produce('created.late', 5);
    await waitFor(() => received.length >= 5, 'the 5 messages');
    expect(received).toEqual([0, 1, 2, 3, 4]);
  }, 60_000);

  it('delivers a batch again when the handler failed, and goes on after it', async () => {
    await produce('fails.once', 30);
    const handled: number[] = [];
    const seen: number[] = [];
    let failures = 0;
    await consumer('fails', 10).start('fails.once', async (messages) => {
      seen.push(...messages.map(seqOf));
      if (messages.some((m) => seqOf(m) === 15) && failures === 0) {
        failures++;
        throw new Error('store unavailable');
      }
      handled.push(...messages.map(seqOf));
    });
    await waitFor(() => handled.length >= 30, 'every message handled');

    expect(failures).toBe(1);
    expect(handled).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // The failed batch came twice; nothing was skipped.
    expect(seen.filter((seq) => seq === 15)).toHaveLength(2);
  }, 60_000);

  it('after a restart, starts from the last batch that was handled', async () => {
    await produce('restarts.one', 30);
    const first: number[] = [];
    const firstRun = consumer('restarts', 10);
    await firstRun.start('restarts.one', async (messages) => {
      if (messages.some((m) => seqOf(m) >= 10)) throw new Error('crash while writing');
      first.push(...messages.map(seqOf));
    });
    await waitFor(() => first.length === 10, 'the first batch handled');
    await waitFor(async () => (await committed('restarts', 'restarts.one')) === 10, 'commit at 10');
    await firstRun.stop();

    const second: number[] = [];
    await consumer('restarts', 10).start('restarts.one', async (messages) => {
      second.push(...messages.map(seqOf));
    });
    await waitFor(() => second.length >= 20, 'the rest after the restart');
    expect(second).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
  }, 90_000);

  it('commits a batch only once the handler resolved', async () => {
    await produce('commits.one', 5);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    await consumer('commits', 100).start('commits.one', async () => {
      started = true;
      await gate;
    });
    await waitFor(() => started, 'the handler called');
    // Long enough for any eager commit to land: several heartbeat intervals of the group.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await committed('commits', 'commits.one')).toBe(-1);

    release();
    await waitFor(
      async () => (await committed('commits', 'commits.one')) === 5,
      'commit after the write',
    );
  }, 60_000);
});
