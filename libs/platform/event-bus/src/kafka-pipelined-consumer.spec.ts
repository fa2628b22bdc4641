import { FAST_CONSUMER_TIMINGS, useKafkaCluster } from '@acs/testing';
import type { BatchHandler, ConsumedMessage } from './event-consumer';
import { PipelinedKafkaConsumer } from './kafka-pipelined-consumer';
import { seqOf, useConsumerHarness } from './test-support/consumer-harness';
import { waitFor } from './test-support/wait-for';

describe('pipelined Kafka consumer', () => {
  const kafka = useKafkaCluster({
    topics: {
      'keys.three': 3,
      'slow.key': 1,
      'fails.once': 1,
      'restarts.one': 1,
      'bounded.one': 1,
      'shared.three': 3,
      'total.three': 3,
    },
  });
  const harness = useConsumerHarness(kafka);
  const committed = harness.committed;

  function consumer(
    groupId: string,
    maxInFlight = 100,
    fetch: { maxBytesPerPartition?: number } = {},
  ): PipelinedKafkaConsumer {
    const created = new PipelinedKafkaConsumer(kafka.client(groupId), {
      groupId,
      maxInFlight,
      retryBackoffMs: { initial: 20, max: 100 },
      consumerConfig: { ...FAST_CONSUMER_TIMINGS, ...fetch },
      namePrefix: kafka.prefix,
    });
    return harness.track(created);
  }

  /** `count` messages, keys `device-0`..`device-(keys-1)` in turn, each in its own produce. */
  async function produce(topic: string, count: number, keys = 1): Promise<void> {
    for (let seq = 0; seq < count; seq++) {
      await harness.send(topic, [{ key: `device-${seq % keys}`, value: JSON.stringify({ seq }) }]);
    }
  }

  const ordered = (all: ConsumedMessage[], key: string) =>
    all.filter((m) => m.key === key).map(seqOf);

  it('delivers every message once, in order for each key', async () => {
    await produce('keys.three', 60, 6);
    const handled: ConsumedMessage[] = [];
    await consumer('keys').start('keys.three', async (messages) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      handled.push(...messages);
    });
    await waitFor(() => handled.length >= 60, 'all 60 messages');

    expect(new Set(handled.map(seqOf)).size).toBe(60);
    expect(handled).toHaveLength(60);
    for (let key = 0; key < 6; key++) {
      const seqs = ordered(handled, `device-${key}`);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }, 60_000);

  it("lets other keys go on past a slow one, and commits no further than the slow key's message", async () => {
    await produce('slow.key', 10, 2);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    await consumer('slow').start('slow.key', async (messages) => {
      // device-0's first message (offset 0) holds; device-1's messages go on without it.
      if (messages.some((m) => seqOf(m) === 0)) await gate;
      handled.push(...messages.map(seqOf));
    });
    await waitFor(() => handled.filter((seq) => seq % 2 === 1).length === 5, "device-1's five");

    expect(handled).toEqual([1, 3, 5, 7, 9]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await committed('slow', 'slow.key')).toBe(-1);

    release();
    await waitFor(() => handled.length === 10, 'device-0 after the gate opened');
    expect(handled.filter((seq) => seq % 2 === 0)).toEqual([0, 2, 4, 6, 8]);
    await waitFor(async () => (await committed('slow', 'slow.key')) === 10, 'commit at 10');
  }, 60_000);

  it('calls a failed handler again with the same messages, holding back only its key', async () => {
    await produce('fails.once', 20, 2);
    const handled: number[] = [];
    let failures = 0;
    await consumer('fails').start('fails.once', async (messages) => {
      if (messages.some((m) => seqOf(m) === 4) && failures < 2) {
        failures++;
        throw new Error('store unavailable');
      }
      handled.push(...messages.map(seqOf));
    });
    await waitFor(() => handled.length >= 20, 'every message handled');

    expect(failures).toBe(2);
    expect(handled.filter((seq) => seq % 2 === 0)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(new Set(handled).size).toBe(20);
    await waitFor(async () => (await committed('fails', 'fails.once')) === 20, 'commit at 20');
  }, 60_000);

  it('finishes and commits what it is handling when stopped; a restart goes on from there', async () => {
    await produce('restarts.one', 30);
    const first: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    const firstRun = consumer('restarts');
    const stopAt10: BatchHandler = async (messages) => {
      if (messages.some((m) => seqOf(m) === 10)) {
        holding = true;
        await gate;
      }
      first.push(...messages.map(seqOf));
    };
    await firstRun.start('restarts.one', stopAt10);
    await waitFor(() => holding, 'the call that holds message 10 under way');
    const stopped = firstRun.stop();
    release();
    await stopped;
    const upTo = await committed('restarts', 'restarts.one');
    // What was being handled finished (message 10 with it) and was committed; the one key's
    // later messages were never started.
    expect(upTo).toBe(first.length);
    expect(upTo).toBeGreaterThan(10);
    expect(first).toEqual(Array.from({ length: upTo }, (_, i) => i));

    const second: number[] = [];
    await consumer('restarts').start('restarts.one', async (messages) => {
      second.push(...messages.map(seqOf));
    });
    await waitFor(() => second.length >= 30 - upTo, 'the rest after the restart');
    expect(second).toEqual(Array.from({ length: 30 - upTo }, (_, i) => i + upTo));
  }, 90_000);

  it('loses nothing while a second member joins and the first one leaves', async () => {
    const handled: number[] = [];
    const record: BatchHandler = async (messages) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      handled.push(...messages.map(seqOf));
    };
    const first = consumer('shared');
    await first.start('shared.three', record);
    const produced = (async () => {
      for (let seq = 0; seq < 90; seq++) {
        await harness.send('shared.three', [
          { key: `device-${seq % 9}`, value: JSON.stringify({ seq }) },
        ]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await waitFor(() => handled.length >= 10, 'the first member at work');
    await consumer('shared').start('shared.three', record);
    await waitFor(() => handled.length >= 45, 'both members at work');
    await first.stop();
    await produced;
    await waitFor(() => new Set(handled).size === 90, 'every message, after the rebalances');
    // Redelivery after a rebalance is allowed (at least once); a gap is not.
    expect([...new Set(handled)].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 90 }, (_, i) => i),
    );
  }, 90_000);

  it('in total order, makes one call at a time with everything taken meanwhile', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: ConsumedMessage[][] = [];
    let running = 0;
    let overlapped = false;
    const total = new PipelinedKafkaConsumer(kafka.client('total'), {
      groupId: 'total',
      maxInFlight: 1_000,
      ordering: 'total',
      consumerConfig: FAST_CONSUMER_TIMINGS,
      namePrefix: kafka.prefix,
    });
    harness.track(total);
    await total.start('total.three', async (messages) => {
      running++;
      overlapped ||= running > 1;
      calls.push(messages);
      if (calls.length === 1) await gate;
      running--;
    });
    await produce('total.three', 1, 1);
    await waitFor(() => calls.length === 1, 'the first call, held');
    await produce('total.three', 30, 6);
    // Long enough for the 30 single-message produces to be fetched while the first call holds.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    release();
    await waitFor(() => calls.flat().length === 31, 'all 31 messages');

    expect(overlapped).toBe(false);
    expect(calls.length).toBeLessThan(10);
    const all = calls.flat();
    for (let key = 0; key < 6; key++) {
      const seqs = ordered(all, `device-${key}`);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }, 60_000);

  it('takes no more from Kafka while the most messages it may hold are being handled', async () => {
    await produce('bounded.one', 40, 40);
    let running = 0;
    let most = 0;
    let done = 0;
    // A fetch returns at least one record batch: with one byte per partition, exactly one (each
    // message was produced on its own), so the bound is what limits the messages in hand.
    await consumer('bounded', 5, { maxBytesPerPartition: 1 }).start('bounded.one', async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      done++;
    });
    await waitFor(() => done === 40, 'all 40 handled');
    // One fetched batch may pass the bound (it is taken whole).
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(5 + 1);
  }, 60_000);
});
