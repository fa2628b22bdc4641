import { PublishError } from './event-publisher';
import { InProcessEventBus } from './in-process-event-bus';

describe('in-process event bus', () => {
  it('resolves a publish only after the subscribers handled it', async () => {
    const bus = new InProcessEventBus();
    const handled: string[] = [];
    bus.subscribe('t', async (message) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      handled.push(message.value);
    });
    await bus.publish({ topic: 't', key: 'k', value: 'v1' });
    expect(handled).toEqual(['v1']);
  });

  it('fails the publish when a subscriber fails, and after shutdown', async () => {
    const bus = new InProcessEventBus();
    bus.subscribe('t', () => {
      throw new Error('store unavailable');
    });
    await expect(bus.publish({ topic: 't', key: 'k', value: 'v' })).rejects.toThrow(
      'store unavailable',
    );
    await bus.shutdown();
    await expect(bus.publish({ topic: 'other', key: 'k', value: 'v' })).rejects.toBeInstanceOf(
      PublishError,
    );
  });
});
