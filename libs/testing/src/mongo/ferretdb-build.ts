import { execFile } from 'node:child_process';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from '../child-processes';
import { nativeCacheDir } from '../native-build';

const execFileAsync = promisify(execFile);

/** The FerretDB the harness runs unless ACS_TEST_FERRETDB_VERSION says otherwise. */
export const DEFAULT_FERRETDB_VERSION = '1.24.2';

const MODULE = 'github.com/FerretDB/FerretDB';
/** Where Debian-less machines keep Go when it is not on PATH (as the CI machine does). */
const FALLBACK_GO = '/usr/local/go/bin/go';

export interface FerretDbBinary {
  readonly version: string;
  readonly path: string;
}

const building = new Map<string, Promise<FerretDbBinary>>();

/**
 * The one change the harness makes to FerretDB's source. Its SQLite backend looks documents up by
 * `_ferretdb_sjson->'$._id'` while the `_id` index it creates is on `_ferretdb_sjson->"_id"`:
 * the same value, but SQLite uses an index only for the expression it was built on, so every find,
 * update and delete by `_id` scanned the whole collection (80 ms at 50,000 documents, measured).
 * Written the index's way, the lookup is a SEARCH of the index; nothing else changes.
 */
export const ID_LOOKUP_PATCH = {
  file: 'internal/backends/sqlite/metadata/metadata.go',
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->'_id'"`,
} as const;

/**
 * The `ferretdb` binary of `version`, built once from the Go module proxy into the harness cache
 * (node_modules/.cache/acs-testing/ferretdb-v<version>-id-lookup), with ID_LOOKUP_PATCH applied. Concurrent callers, in this process or
 * others, each build to a temp name and rename it into place, which is atomic.
 */
export function ferretDbBinary(
  version = process.env['ACS_TEST_FERRETDB_VERSION'] ?? DEFAULT_FERRETDB_VERSION,
): Promise<FerretDbBinary> {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    return Promise.reject(new RangeError(`FerretDB version must be x.y.z, got "${version}"`));
  }
  let binary = building.get(version);
  if (!binary) {
    binary = build(version);
    building.set(version, binary);
    binary.catch(() => building.delete(version));
  }
  return binary;
}

async function build(version: string): Promise<FerretDbBinary> {
  // Named for the patch: a binary built before it is not reused.
  const path = join(nativeCacheDir(), `ferretdb-v${version}-id-lookup`);
  if (await isFile(path)) return { version, path };

  const go = findExecutable('go') ?? findExecutable(FALLBACK_GO);
  if (!go)
    throw new Error(`Go is needed to build FerretDB ${version} (not on PATH nor ${FALLBACK_GO})`);
  // A clean Go environment: no workspace, vendoring or toolchain download from the user's settings.
  const env = {
    ...process.env,
    GOFLAGS: '',
    GOWORK: 'off',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '1',
  };
  const run = async (args: string[], cwd?: string): Promise<string> => {
    try {
      const { stdout } = await execFileAsync(go, args, {
        env,
        ...(cwd ? { cwd } : {}),
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(
        `go ${args.join(' ')} failed while building FerretDB ${version}:\n${stdout}${stderr}`,
      );
    }
  };

  // The module's source from the Go module proxy (verified against go.sum's checksum database).
  const download = JSON.parse(await run(['mod', 'download', '-json', `${MODULE}@v${version}`])) as {
    Dir?: string;
    Error?: string;
  };
  if (!download.Dir) throw new Error(`go mod download of FerretDB ${version}: ${download.Error}`);

  // `go install …@v` would build a binary that panics at start: it embeds
  // build/version/version.txt, which the release process writes and the module lacks. So the
  // harness builds cmd/ferretdb from a copy of the module with that file written.
  await mkdir(nativeCacheDir(), { recursive: true });
  const source = await mkdtemp(join(tmpdir(), `acs-ferretdb-src-${version}-`));
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await cp(download.Dir, source, { recursive: true });
    await makeWritable(source);
    await writeFile(join(source, 'build/version/version.txt'), `v${version}\n`);
    await writeFile(join(source, 'build/version/package.txt'), 'acs-testing\n');
    await patchIdLookup(source, version);
    await run(['build', '-trimpath', '-buildvcs=false', '-o', temp, './cmd/ferretdb'], source);
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
    await rm(source, { recursive: true, force: true });
  }
  return { version, path };
}

/** Applies ID_LOOKUP_PATCH; a version without the line it replaces is refused, not built as is. */
async function patchIdLookup(source: string, version: string): Promise<void> {
  const file = join(source, ID_LOOKUP_PATCH.file);
  const text = await readFile(file, 'utf8');
  if (!text.includes(ID_LOOKUP_PATCH.from))
    throw new Error(
      `FerretDB ${version}: ${ID_LOOKUP_PATCH.file} has no \`${ID_LOOKUP_PATCH.from}\`; ` +
        'check whether its _id lookups use the _id index and update ID_LOOKUP_PATCH',
    );
  await writeFile(file, text.replace(ID_LOOKUP_PATCH.from, ID_LOOKUP_PATCH.to));
}

/**
 * The module cache's directories are read-only, and so are those of the copy: the copy must take
 * the generated files and be removable afterwards without root.
 */
async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await makeWritable(join(dir, entry.name));
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
