import { asksForHelp, parseCliOptions, USAGE, UsageError } from './cli-options';
import { progressLine, summary } from './report';
import { startSimulation } from './simulation';

/** The cpe-sim CLI: runs the simulator until --duration or Ctrl-C, then prints a summary. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (asksForHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let options;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
  // Listening before anything starts: a signal during the start still ends in a summary.
  const stopAsked = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  const simulation = await startSimulation(options);
  let previousOk = 0;
  let asking = false;
  const progress = setInterval(() => {
    // A fleet answers over IPC: a slow answer skips a tick rather than piling up calls.
    if (asking) return;
    asking = true;
    simulation
      .figures()
      .then(({ stats }) => {
        process.stderr.write(`\r${progressLine(stats, elapsed(), previousOk, 1)}\x1b[K`);
        previousOk = stats.sessionsOk;
      })
      .catch(() => undefined) // the summary at the end reports what went wrong
      .finally(() => (asking = false));
  }, 1000);

  const duration = options.durationSeconds;
  await Promise.race([
    stopAsked,
    ...(duration === undefined
      ? []
      : [new Promise<void>((resolve) => setTimeout(resolve, duration * 1000).unref())]),
  ]);
  clearInterval(progress);
  const final = await simulation.stop();
  process.stderr.write('\n');
  process.stdout.write(`${summary(final.stats, elapsed(), final.rssBytes, final.processes)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`cpe-sim: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
