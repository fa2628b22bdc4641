import { KeyedPipeline } from './keyed-pipeline';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('keyed pipeline', () => {
  function recording(options = { maxBatch: 100, lingerMs: 0 }) {
    const calls: { items: string[]; release: () => void }[] = [];
    const errors: unknown[] = [];
    const pipeline = new KeyedPipeline<string>(
      (items) =>
        new Promise<void>((resolve) => {
          calls.push({ items, release: resolve });
        }),
      (error) => errors.push(error),
      options,
    );
    return { pipeline, calls, errors };
  }

  it('runs keys side by side, and what queued behind a running call goes in one next call', async () => {
    const { pipeline, calls } = recording();
    pipeline.add('a', ['a1']);
    pipeline.add('b', ['b1']);
    pipeline.add('a', ['a2']);
    pipeline.add('a', ['a3']);
    await tick();
    expect(calls.map((call) => call.items)).toEqual([['a1'], ['b1']]);
    expect(pipeline.size).toBe(4);

    calls[0]?.release();
    await tick();
    expect(calls.map((call) => call.items)).toEqual([['a1'], ['b1'], ['a2', 'a3']]);
    expect(pipeline.size).toBe(3);
  });

  it('keeps calls to the most items asked', async () => {
    const { pipeline, calls } = recording({ maxBatch: 2, lingerMs: 0 });
    pipeline.add('a', ['1', '2', '3', '4', '5']);
    for (let i = 0; i < 3; i++) {
      await tick();
      calls[i]?.release();
    }
    await pipeline.drained();
    expect(calls.map((call) => call.items)).toEqual([['1', '2'], ['3', '4'], ['5']]);
  });

  it('with a linger, waits for more before a call that is not full', async () => {
    const { pipeline, calls } = recording({ maxBatch: 10, lingerMs: 100 });
    pipeline.add('a', ['1']);
    await tick(20);
    pipeline.add('a', ['2']);
    await tick(20);
    expect(calls).toHaveLength(0);
    await tick(150);
    expect(calls.map((call) => call.items)).toEqual([['1', '2']]);
  });

  it('lets the feeder wait for room, and drops what has not started', async () => {
    const { pipeline, calls } = recording();
    pipeline.add('a', ['1']);
    pipeline.add('a', ['2', '3']);
    let roomy = false;
    void pipeline.roomFor(3).then(() => (roomy = true));
    await tick();
    expect(roomy).toBe(false);

    pipeline.dropQueued();
    await tick();
    expect(roomy).toBe(true);
    expect(pipeline.size).toBe(1);
    calls[0]?.release();
    await pipeline.drained();
    expect(calls.map((call) => call.items)).toEqual([['1']]);
  });

  it('reports a failed call and goes on with the key', async () => {
    const errors: unknown[] = [];
    const ran: string[][] = [];
    const pipeline = new KeyedPipeline<string>(
      async (items) => {
        ran.push(items);
        if (items.includes('bad')) throw new Error('boom');
      },
      (error) => errors.push(error),
      { maxBatch: 1, lingerMs: 0 },
    );
    pipeline.add('a', ['bad', 'good']);
    await pipeline.drained();
    expect(ran).toEqual([['bad'], ['good']]);
    expect(errors).toEqual([new Error('boom')]);
  });
});
