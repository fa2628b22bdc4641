import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { builtApp } from './built-app';
import { spawnTracked, stopChild } from './child-processes';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: a crash, no shutdown hook runs. */
  kill(): Promise<void>;
}

/**
 * Runs one of the workspace's service entry points (`apps/<app>/src/main.ts`) as a child process,
 * through the TypeScript loader, or with `built` its production build (dist/apps/<app>/main.js,
 * built first when stale; no loader), and resolves once `ready(output)` holds.
 */
export async function startServiceProcess(options: {
  entry: string;
  built?: boolean;
  /** Command-line arguments after the entry (a CLI's flags). */
  args?: string[];
  env: Record<string, string>;
  ready: (output: string) => boolean;
  timeoutMs?: number;
}): Promise<ServiceProcess> {
  const app = /^apps\/([^/]+)\/src\/main\.ts$/.exec(options.entry)?.[1];
  if (options.built && !app) throw new Error(`${options.entry}: only an app's main.ts is built`);
  const program =
    options.built && app
      ? [builtApp(app)]
      : ['--import', '@swc-node/register/esm-register', options.entry];
  const child = spawnTracked(options.entry, () =>
    spawn(process.execPath, [...program, ...(options.args ?? [])], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!options.ready(output)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.entry} exited before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.entry} not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    output: () => output,
    stop: (graceMs = 10_000) => stopChild(child, () => child.kill('SIGTERM'), graceMs),
    kill: () => stopChild(child, () => child.kill('SIGKILL'), 5_000),
  };
}
