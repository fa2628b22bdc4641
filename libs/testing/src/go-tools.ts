import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from './child-processes';
import { nativeCacheDir } from './native-build';

const execFileAsync = promisify(execFile);

/** Where Debian-less machines keep Go when it is not on PATH (as the CI machine does). */
const FALLBACK_GO = '/usr/local/go/bin/go';

/** The Go module the deployment checks build their tools from (helm, chart-check, ...). */
export const DEPLOY_CHECKS_GO_MODULE = resolve(
  import.meta.dirname,
  '../../../tools/deploy-checks/go',
);

export interface GoTool {
  /** The binary's name in the cache, e.g. `helm`. */
  readonly name: string;
  /** A package of the module or of one it requires, e.g. `helm.sh/helm/v4/cmd/helm` or `./cmd/x`. */
  readonly pkg: string;
  /** The module directory (go.mod and go.sum pin every version). */
  readonly moduleDir?: string;
  /** Build tags, e.g. `remove_all_sd` (Prometheus without its cloud discovery SDKs). */
  readonly tags?: readonly string[];
}

const builds = new Map<string, Promise<string>>();

/**
 * Builds a Go command of a pinned module once into the harness cache, from the Go module proxy.
 * The cached name carries a hash of go.mod, go.sum and the module's own Go files, so a version
 * bump or an edited tool rebuilds. Concurrent callers build to temp names and rename into place.
 */
export function goToolBinary(tool: GoTool): Promise<string> {
  const key = `${tool.moduleDir ?? DEPLOY_CHECKS_GO_MODULE}:${tool.pkg}:${(tool.tags ?? []).join(',')}`;
  let build = builds.get(key);
  if (!build) {
    build = buildGoTool(tool);
    builds.set(key, build);
    build.catch(() => builds.delete(key));
  }
  return build;
}

async function buildGoTool({ name, pkg, moduleDir = DEPLOY_CHECKS_GO_MODULE, tags = [] }: GoTool) {
  const hash = createHash('sha256').update(pkg);
  if (tags.length > 0) hash.update(`tags:${tags.join(',')}`);
  for (const file of await moduleFiles(moduleDir))
    hash.update(relative(moduleDir, file)).update(await readFile(file));
  const dir = nativeCacheDir();
  const binary = join(dir, `go-${name}-${hash.digest('hex').slice(0, 16)}`);
  if (await isFile(binary)) return binary;

  const go = findExecutable('go') ?? findExecutable(FALLBACK_GO);
  if (!go) throw new Error(`Go is needed to build ${name} (not on PATH nor ${FALLBACK_GO})`);
  await mkdir(dir, { recursive: true });
  const temp = `${binary}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const tagArgs = tags.length > 0 ? ['-tags', tags.join(',')] : [];
    await execFileAsync(
      go,
      ['build', '-trimpath', '-buildvcs=false', ...tagArgs, '-o', temp, pkg],
      {
        cwd: moduleDir,
        // No workspace, vendoring or toolchain download from the user's settings.
        env: { ...process.env, GOFLAGS: '-mod=readonly', GOWORK: 'off', GOTOOLCHAIN: 'local' },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    await rename(temp, binary);
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`go build ${pkg} (for ${name}) failed in ${moduleDir}:\n${stderr}`);
  } finally {
    await rm(temp, { force: true });
  }
  return binary;
}

async function moduleFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await moduleFiles(path)));
    else if (/\.go$|^go\.(mod|sum)$/.test(entry.name)) files.push(path);
  }
  return files.sort();
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
