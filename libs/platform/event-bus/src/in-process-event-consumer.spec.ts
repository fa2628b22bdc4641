import type { ConsumedMessage } from './event-consumer';
import { InProcessEventBus } from './in-process-event-bus';
import { InProcessEventConsumer, MessageNotConsumedError } from './in-process-event-consumer';
import { waitFor } from './test-support/wait-for';

const TOPIC = 'cwmp.session-events';

function publishMany(bus: InProcessEventBus, count: number): Promise<void[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      bus.publish({ topic: TOPIC, key: `device-${i % 3}`, value: String(i) }),
    ),
  );
}

describe('in-process event consumer', () => {
  it('gathers concurrent publishes into batches, in publish order', async () => {
    const bus = new InProcessEventBus();
    const batches: ConsumedMessage[][] = [];
    await new InProcessEventConsumer(bus, { maxBatchSize: 8 }).start(TOPIC, async (messages) => {
      batches.push(messages);
    });
    await publishMany(bus, 20);
    expect(batches.map((b) => b.length)).toEqual([8, 8, 4]);
    expect(batches.flat().map((m) => m.value)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i)),
    );
    expect(batches[0]?.[1]).toEqual({
      topic: TOPIC,
      partition: 0,
      offset: '1',
      key: 'device-1',
      value: '1',
    });
  });

  it('resolves a publish only once the batch holding it was handled', async () => {
    const bus = new InProcessEventBus();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = false;
    await new InProcessEventConsumer(bus).start(TOPIC, async () => {
      await gate;
      handled = true;
    });
    let published = false;
    const publishing = bus
      .publish({ topic: TOPIC, key: 'd', value: 'x' })
      .then(() => (published = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(published).toBe(false);
    release();
    await publishing;
    expect(handled).toBe(true);
  });

  it('tries a failed batch again before its publishes resolve', async () => {
    const bus = new InProcessEventBus();
    const seen: string[] = [];
    const errors: unknown[] = [];
    await new InProcessEventConsumer(bus, {
      retryDelayMs: 1,
      onHandlerError: (error) => errors.push(error),
    }).start(TOPIC, async (messages) => {
      seen.push(...messages.map((m) => m.value ?? ''));
      if (seen.length <= 3) throw new Error('store busy');
    });
    await publishMany(bus, 3);
    expect(seen).toEqual(['0', '1', '2', '0', '1', '2']);
    expect(errors).toHaveLength(1);
  });

  it('rejects the publishes of a batch that keeps failing, and goes on with the next', async () => {
    const bus = new InProcessEventBus();
    let attempts = 0;
    await new InProcessEventConsumer(bus, { maxAttempts: 3, retryDelayMs: 1 }).start(
      TOPIC,
      async (messages) => {
        if (messages.some((m) => m.value === 'poison')) {
          attempts++;
          throw new Error('disk full');
        }
      },
    );
    const failed = bus.publish({ topic: TOPIC, key: 'd', value: 'poison' });
    await expect(failed).rejects.toBeInstanceOf(MessageNotConsumedError);
    await expect(failed).rejects.toThrow(/after 3 attempt\(s\): disk full/);
    expect(attempts).toBe(3);
    await expect(bus.publish({ topic: TOPIC, key: 'd', value: 'fine' })).resolves.toBeUndefined();
  });

  it('finishes the batch in hand when stopped, then refuses new messages', async () => {
    const bus = new InProcessEventBus();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inHandler = false;
    const consumer = new InProcessEventConsumer(bus);
    await consumer.start(TOPIC, async () => {
      inHandler = true;
      await gate;
    });
    const first = bus.publish({ topic: TOPIC, key: 'd', value: '1' });
    await waitFor(() => inHandler, 'the handler running');
    const stopping = consumer.stop();
    release();
    await stopping;
    await expect(first).resolves.toBeUndefined();
    await expect(bus.publish({ topic: TOPIC, key: 'd', value: '2' })).rejects.toBeInstanceOf(
      MessageNotConsumedError,
    );
  });
});
