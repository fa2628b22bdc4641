import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './child-processes';

const execFileAsync = promisify(execFile);

const NATIVE_SOURCES = resolve(import.meta.dirname, '../native');

/** node_modules/.cache is already git-ignored and survives between runs. */
export function nativeCacheDir(): string {
  return (
    process.env['ACS_TESTING_CACHE_DIR'] ??
    resolve(import.meta.dirname, '../../../node_modules/.cache/acs-testing')
  );
}

export interface NativeProgram {
  /** File name in libs/testing/native without `.c`. */
  name: string;
  /** Extra linker flags, e.g. ['-lrdkafka']. */
  libs: string[];
  /** Appended to a compile failure, naming the package that provides the headers. */
  installHint: string;
}

/**
 * Wraps a server so the kernel kills it when this process dies (see die-with-parent.c):
 * `spawn(wrapper, [String(process.pid), program, ...args])`.
 */
export const DIE_WITH_PARENT: NativeProgram = {
  name: 'die-with-parent',
  libs: [],
  installHint: 'a C compiler and libc headers are needed: apt-get install -y gcc libc6-dev',
};

const builds = new Map<string, Promise<string>>();

/**
 * Compiles libs/testing/native/<name>.c once into the cache and returns the binary's path.
 * The file name carries a hash of source and flags, so an edited source rebuilds. Several jest
 * workers may build at once: each compiles to its own temp name and renames it into place,
 * which is atomic, so none ever runs a half-written binary.
 */
export function buildNative(program: NativeProgram): Promise<string> {
  let build = builds.get(program.name);
  if (!build) {
    build = compile(program);
    builds.set(program.name, build);
    build.catch(() => builds.delete(program.name));
  }
  return build;
}

async function compile({ name, libs, installHint }: NativeProgram): Promise<string> {
  const source = join(NATIVE_SOURCES, `${name}.c`);
  const flags = ['-O2', '-o'];
  const hash = createHash('sha256')
    .update(await readFile(source))
    .update(JSON.stringify([flags, libs]))
    .digest('hex')
    .slice(0, 16);
  const dir = nativeCacheDir();
  const binary = join(dir, `${name}-${hash}`);
  if (await exists(binary)) return binary;

  if (!findExecutable('cc')) {
    throw new Error(`No C compiler (cc) to build ${name}: apt-get install -y gcc`);
  }
  await mkdir(dir, { recursive: true });
  const temp = `${binary}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await execFileAsync('cc', [...flags, temp, source, ...libs]);
    await rename(temp, binary);
  } catch (error) {
    await rm(temp, { force: true });
    const output = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`Could not compile ${source} (${installHint}):\n${output}`);
  }
  await removeStaleBuilds(dir, name, binary);
  return binary;
}

/** Builds of earlier sources are never used again; unlinking one that is running is harmless. */
async function removeStaleBuilds(dir: string, name: string, keep: string): Promise<void> {
  const stale = new RegExp(`^${name}-[0-9a-f]{16}$`);
  for (const file of await readdir(dir)) {
    if (stale.test(file) && join(dir, file) !== keep) await rm(join(dir, file), { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
