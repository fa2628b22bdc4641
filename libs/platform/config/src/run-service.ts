import { ConfigError } from './config-from-env';

export interface ServiceLog {
  info(message: string, fields?: Record<string, unknown>): void;
}

export interface ServiceRun<C, R extends { stop(): Promise<void> }> {
  /** The service's name, before every message it writes to stderr. */
  readonly name: string;
  readonly log: ServiceLog;
  /** Reads and checks the configuration; a ConfigError names every bad variable. */
  readonly config: () => C;
  readonly start: (config: C) => Promise<R>;
  /** What the `ready` line says once started (nothing is logged without it). */
  readonly ready?: (running: R) => Record<string, unknown>;
}

/**
 * A service process's life: configuration (exit code 2 when it is bad, naming each variable),
 * start, then SIGTERM or SIGINT stops it cleanly (the work in hand finished first); anything
 * thrown exits with 1 and its stack.
 */
export function runService<C, R extends { stop(): Promise<void> }>(run: ServiceRun<C, R>): void {
  lifeOf(run).catch((error: unknown) => {
    process.stderr.write(`${run.name}: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}

async function lifeOf<C, R extends { stop(): Promise<void> }>(run: ServiceRun<C, R>) {
  let config: C;
  try {
    config = run.config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${run.name}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const running = await run.start(config);
  if (run.ready) run.log.info('ready', run.ready(running));
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  run.log.info('stopping', { signal });
  await running.stop();
  run.log.info('stopped');
}
