import { Simulator } from '@acs/cpe-simulator';
import { parseCliOptions, USAGE, UsageError } from './cli-options';
import { progressLine, summary } from './report';

/** The cpe-sim CLI: runs a Simulator until --duration or Ctrl-C, then prints a summary. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  const simulator = new Simulator(options.simulator);
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  await simulator.start();
  let previousOk = 0;
  const progress = setInterval(() => {
    const stats = simulator.stats();
    process.stderr.write(`\r${progressLine(stats, elapsed(), previousOk, 1)}\x1b[K`);
    previousOk = stats.sessionsOk;
  }, 1000);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (options.durationSeconds !== undefined)
      setTimeout(resolve, options.durationSeconds * 1000).unref();
  });
  clearInterval(progress);
  await simulator.stop();
  process.stderr.write('\n');
  process.stdout.write(`${summary(simulator.stats(), elapsed(), process.memoryUsage().rss)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`cpe-sim: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
