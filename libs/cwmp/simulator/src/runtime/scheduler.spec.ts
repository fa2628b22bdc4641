import { Scheduler } from './scheduler';

/** Resolves once `count` actions have run, with the labels in the order they ran. */
function recorder(count: number) {
  const ran: string[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const action = (label: string) => () => {
    ran.push(label);
    if (ran.length === count) done();
  };
  return { ran, action, finished };
}

describe('Scheduler', () => {
  const scheduler = new Scheduler();
  afterEach(() => scheduler.clear());

  it('runs actions in the order they are due, whatever the order they were given in', async () => {
    const { ran, action, finished } = recorder(4);
    scheduler.after(40, action('c'));
    scheduler.after(0, action('a'));
    scheduler.after(60, action('d'));
    scheduler.after(20, action('b'));
    await finished;
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never runs a cancelled action, even when most of the waits are cancelled', async () => {
    const { ran, action, finished } = recorder(2);
    const cancelled = Array.from({ length: 200 }, (_, index) =>
      scheduler.after(5 + index, action(`cancelled-${index}`)),
    );
    scheduler.after(1, action('first'));
    scheduler.after(300, action('last'));
    for (const wait of cancelled) wait.cancel();
    await finished;
    expect(ran).toEqual(['first', 'last']);
    expect(scheduler.size).toBe(0);
  });

  it('runs nothing after clear', async () => {
    const { ran, action } = recorder(1);
    scheduler.after(0, action('cleared'));
    scheduler.clear();
    const { action: after, finished } = recorder(1);
    scheduler.after(10, after('after clear'));
    await finished;
    expect(ran).toEqual([]);
  });
});
