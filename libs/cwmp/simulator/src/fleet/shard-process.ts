/**
 * One process of a SimulatorFleet: runs a Simulator with the options its parent sends and
 * answers its calls (start, tally, stop) over the IPC channel. It stops its devices and exits
 * when told to, or when the channel closes (the parent is gone), so no shard outlives its fleet.
 */
import { Simulator } from '../runtime/simulator';
import type { ShardCall, ShardFigures, ShardReply } from './shard-messages';

let simulator: Simulator | undefined;
let stopping: Promise<void> | undefined;

/** Stops the devices once, whether the parent asked or went away (or both). */
function stopOnce(): Promise<void> {
  stopping ??= simulator?.stop() ?? Promise.resolve();
  return stopping;
}

function figures(running: Simulator): ShardFigures {
  return { tally: running.tally(), rssBytes: process.memoryUsage().rss };
}

async function answer(message: ShardCall): Promise<ShardFigures> {
  switch (message.call) {
    case 'start': {
      if (simulator) throw new Error('this shard is already running');
      simulator = new Simulator(message.options);
      await simulator.start();
      return figures(simulator);
    }
    case 'tally':
      if (!simulator) throw new Error('this shard has not started');
      return figures(simulator);
    case 'admitted':
      if (!simulator) throw new Error('this shard has not started');
      return { ...figures(simulator), admitted: simulator.admitted() };
    case 'stop': {
      if (!simulator) throw new Error('this shard has not started');
      await stopOnce();
      return figures(simulator);
    }
  }
}

async function stopAndExit(): Promise<void> {
  try {
    await stopOnce();
  } finally {
    process.exit(0);
  }
}

if (!process.send) throw new Error('shard-process runs as a child of a SimulatorFleet');
process.on('message', (message: ShardCall) => {
  const reply = (result: ShardReply): void => {
    process.send?.(result);
  };
  answer(message).then(
    (result) => reply({ id: message.id, ok: true, figures: result }),
    (error: unknown) =>
      reply({
        id: message.id,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
process.once('disconnect', () => void stopAndExit());
// Ctrl-C reaches every process of the terminal's group: the parent stops the shards in order and
// collects their last figures, which a shard dead of SIGINT could not give.
process.on('SIGINT', () => undefined);
