import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * `dist/apps/<app>/main.js`, built first when missing or older than its sources (a few seconds),
 * so that a suite runs the production build on a fresh clone without a separate step. The build
 * runs as a process of its own: swc's native binding is not for jest's module VM.
 */
export function builtApp(app: string): string {
  const result = spawnSync(process.execPath, ['tools/build/build.mjs', '--if-stale', app], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`building ${app} failed:\n${result.stdout}${result.stderr}`);
  return join(ROOT, 'dist', 'apps', app, 'main.js');
}

/** The environment a production container gives a service: no NODE_OPTIONS, no loader. */
export function productionEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', ...env };
}

/**
 * Native modules of TypeScript tooling a running process has mapped (swc's binding and the oxc
 * resolver, which @swc-node/register loads to compile and resolve on the fly): none for a
 * process running a build.
 */
export function typescriptToolingIn(pid: number): string[] {
  const mapped = readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n');
  return [...new Set(mapped.map((line) => line.split(/\s+/)[5] ?? ''))].filter((path) =>
    /\/node_modules\/(@swc|@swc-node|@oxc-resolver|typescript|ts-node)\//.test(path),
  );
}
