import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { spawnTracked } from '@acs/testing';
import type { BuiltStage } from './image-builder';

/** `node` in an image's command is the image's Node: here, the one running the tests. */
const hostArgv = (argv: string[]) =>
  argv.map((word, i) => (i === 0 && word === 'node' ? process.execPath : word));

export interface Container {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts an image's ENTRYPOINT and CMD as `docker run` would: in its WORKDIR, with its ENV (and
 * `env` on top, as `docker run -e`), and nothing from the test's own environment but PATH.
 */
export function runContainer(
  image: BuiltStage,
  env: Record<string, string>,
  args?: string[],
): Container {
  const argv = hostArgv([...(image.config.entrypoint ?? []), ...(args ?? image.config.cmd ?? [])]);
  const [program, ...rest] = argv;
  if (!program) throw new Error(`${image.name} has no command`);
  // Tracked: killed with the Jest worker if it dies or is interrupted, as every harness server is.
  const child = spawnTracked(image.name, () =>
    spawn(program, rest, {
      cwd: join(image.root, image.config.workdir),
      env: { PATH: process.env['PATH'] ?? '', ...image.config.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited: () => exit,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Runs the image's HEALTHCHECK command as Docker would, inside the container; its exit code. */
export async function runHealthcheck(image: BuiltStage, env: Record<string, string>) {
  const check = image.config.healthcheck;
  if (!Array.isArray(check)) throw new Error(`${image.name} has no HEALTHCHECK`);
  const [program, ...rest] = hostArgv(check);
  const child = spawn(program as string, rest, {
    cwd: join(image.root, image.config.workdir),
    env: { PATH: process.env['PATH'] ?? '', ...image.config.env, ...env },
    stdio: 'ignore',
    timeout: 10_000,
  });
  return new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Polls `url` until it answers 200; fails early if the container exits first. */
export async function answers200(url: string, container: Container, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (container.child.exitCode !== null)
      throw new Error(
        `exited ${container.child.exitCode} before ${url} answered:\n${container.output()}`,
      );
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline)
      throw new Error(`${url} answered ${status}, not 200, in time:\n${container.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
