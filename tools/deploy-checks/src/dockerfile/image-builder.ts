import { spawn, spawnSync } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, posix } from 'node:path';
import type { DockerIgnore } from './dockerignore';
import { copyTree, type LayerCache } from './layer-cache';
import { envPairs, execForm, type Dockerfile, type Instruction, type Stage } from './parse';

/** What an image built from a stage is told to run with (the parts the tests read). */
export interface ImageConfig {
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  /** The HEALTHCHECK command (exec form), `none`, or undefined when no stage set one. */
  healthcheck: string[] | 'none' | undefined;
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
  expose: string[];
}

export interface BuiltStage {
  readonly name: string;
  /** The stage's filesystem on this machine: container path `/a/b` is `<root>/a/b`. */
  readonly root: string;
  readonly config: ImageConfig;
  /** The image the chain of stages starts from (e.g. node:24.21.0-bookworm-slim). */
  readonly baseImage: string;
}

export interface StepReport {
  readonly stage: string;
  readonly line: number;
  readonly outcome: 'ran' | 'cached' | 'host packages';
  readonly seconds: number;
}

export interface BuilderOptions {
  dockerfile: Dockerfile;
  /** The build context (the repository). */
  context: string;
  ignore: DockerIgnore;
  /** Where the stages' filesystems are laid out. */
  workDir: string;
  layerCache: LayerCache | undefined;
}

interface StageState extends BuiltStage {
  key: string;
  /** Whether a RUN layer of this chain may be cached: no source directory was copied in. */
  cacheable: boolean;
  /** The parent's tree, not laid out yet: a stage whose first step is a cached RUN never needs it. */
  pending: string | undefined;
}

const hash = (...parts: string[]): string => {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex');
};

/**
 * Builds a Dockerfile's stages the way `docker build` would, without an engine: each stage is a
 * directory standing for the container's filesystem, COPY copies into it (from the context,
 * .dockerignore applied, or from another stage), RUN runs the command there with this machine's
 * Node and toolchain standing for the base image's, and the image settings (WORKDIR, ENV, USER,
 * HEALTHCHECK, CMD, ...) are kept for whoever starts the result. Two things cannot run here and
 * are replaced, each checked instead: a RUN that installs Debian packages checks that this
 * machine has them, and a BuildKit cache mount on the npm cache is this machine's npm cache.
 * Anything else it does not know, it refuses.
 */
export class ImageBuilder {
  readonly steps: StepReport[] = [];
  private readonly built = new Map<string, Promise<StageState>>();

  constructor(private readonly options: BuilderOptions) {}

  /** Builds a stage and what it needs, laying out a tree only where a step needs one. */
  async prepare(name: string): Promise<void> {
    await this.stage(name);
  }

  /** Builds a stage (and what it needs) and lays its tree out at its root. */
  async build(name: string): Promise<BuiltStage> {
    const state = await this.stage(name);
    await this.materialize(state);
    return state;
  }

  private stage(name: string): Promise<StageState> {
    let build = this.built.get(name);
    if (!build) {
      const stage = this.options.dockerfile.stages.find((candidate) => candidate.name === name);
      if (!stage) throw new Error(`no stage ${name} in the Dockerfile`);
      build = this.buildStage(stage);
      this.built.set(name, build);
    }
    return build;
  }

  private isStage(name: string): boolean {
    return this.options.dockerfile.stages.some((stage) => stage.name === name);
  }

  private async buildStage(stage: Stage): Promise<StageState> {
    const root = join(this.options.workDir, stage.name);
    let state: StageState;
    if (this.isStage(stage.from)) {
      const parent = await this.stage(stage.from);
      state = {
        ...parent,
        name: stage.name,
        root,
        pending: parent.pending ?? parent.root,
        config: structuredClone(parent.config),
      };
    } else {
      mkdirSync(root, { recursive: true });
      // This machine's Node stands for the image's: it is part of what a layer depends on.
      const base = hash('FROM', stage.from, process.version, process.platform, process.arch);
      state = {
        name: stage.name,
        root,
        baseImage: stage.from,
        key: base,
        cacheable: true,
        pending: undefined,
        config: {
          workdir: '/',
          env: {},
          user: undefined,
          healthcheck: undefined,
          entrypoint: undefined,
          cmd: undefined,
          expose: [],
        },
      };
    }
    for (const instruction of stage.instructions) await this.apply(state, instruction);
    return state;
  }

  /**
   * Lays the tree this stage starts from (its parent's, or a cached layer) out as its own, by hard
   * links: quick, and no space; a stage nobody runs in or copies into is never laid out. A RUN
   * that wrote into a linked file in place would change the parent and the layer cache too:
   * run() checks that none did.
   */
  private async materialize(state: StageState, links = true): Promise<void> {
    if (state.pending === undefined) return;
    await copyTree(state.pending, state.root, links);
    state.pending = undefined;
  }

  private hostPath(state: StageState, path: string): string {
    return join(state.root, posix.resolve(state.config.workdir, path));
  }

  private async apply(state: StageState, instruction: Instruction) {
    const { keyword, args, flags, line } = instruction;
    const config = state.config;
    state.key = hash(state.key, keyword, JSON.stringify(flags), args);
    switch (keyword) {
      case 'WORKDIR':
        config.workdir = posix.resolve(config.workdir, args);
        await this.materialize(state);
        mkdirSync(join(state.root, config.workdir), { recursive: true });
        return;
      case 'ENV':
        Object.assign(config.env, envPairs(args));
        return;
      case 'USER':
        config.user = args;
        return;
      case 'EXPOSE':
        config.expose.push(...args.split(/\s+/));
        return;
      case 'CMD':
      case 'ENTRYPOINT': {
        const argv = execForm(args) ?? ['/bin/sh', '-c', args];
        if (keyword === 'CMD') config.cmd = argv;
        else config.entrypoint = argv;
        return;
      }
      case 'HEALTHCHECK': {
        if (args === 'NONE') config.healthcheck = 'none';
        else {
          const command = /^CMD\s+(.*)$/.exec(args)?.[1];
          if (!command) throw new Error(`line ${line}: cannot read HEALTHCHECK ${args}`);
          config.healthcheck = execForm(command) ?? ['/bin/sh', '-c', command];
        }
        return;
      }
      case 'LABEL':
      case 'STOPSIGNAL':
        return;
      case 'COPY':
        await this.materialize(state);
        return this.copy(state, instruction);
      case 'RUN':
        return this.run(state, instruction);
      default:
        throw new Error(`line ${line}: ${keyword} is not replayed by this test; teach it first`);
    }
  }

  private async copy(state: StageState, { args, flags, line }: Instruction): Promise<void> {
    if (execForm(args)) throw new Error(`line ${line}: COPY in exec form is not replayed`);
    const parts = args.split(/\s+/);
    const destination = parts.pop();
    if (!destination || parts.length === 0) throw new Error(`line ${line}: COPY needs a source`);
    const intoDirectory = destination.endsWith('/') || parts.length > 1;
    if (flags['from']) {
      const source = await this.stage(flags['from']);
      state.key = hash(state.key, source.key);
      for (const part of parts) {
        const tree = source.pending ?? source.root;
        const from = join(tree, posix.resolve(source.config.workdir, part));
        const to = this.hostPath(
          state,
          intoDirectory ? posix.join(destination, basename(part)) : destination,
        );
        mkdirSync(join(to, '..'), { recursive: true });
        await copyTree(from, to, true);
      }
      return;
    }
    const digest = createHash('sha256');
    for (const part of parts) {
      const from = join(this.options.context, part);
      if (statSync(from).isDirectory()) {
        state.cacheable = false;
        this.copyContextTree(part, this.hostPath(state, destination), digest);
      } else {
        const to = this.hostPath(
          state,
          intoDirectory ? posix.join(destination, basename(part)) : destination,
        );
        this.copyContextFile(part, to, digest);
      }
    }
    state.key = hash(state.key, digest.digest('hex'));
  }

  private copyContextTree(relativeDir: string, to: string, digest: Hash): void {
    for (const entry of readdirSync(join(this.options.context, relativeDir), {
      withFileTypes: true,
    })) {
      const path = posix.join(relativeDir, entry.name);
      if (this.options.ignore.excludes(path)) continue;
      if (entry.isDirectory()) this.copyContextTree(path, join(to, entry.name), digest);
      else if (entry.isFile()) this.copyContextFile(path, join(to, entry.name), digest);
    }
  }

  private copyContextFile(path: string, to: string, digest: Hash): void {
    if (this.options.ignore.excludes(path))
      throw new Error(`${path} is COPYed but .dockerignore leaves it out of the context`);
    mkdirSync(join(to, '..'), { recursive: true });
    // A new file, never a write through a hard link into another stage or the layer cache.
    rmSync(to, { force: true });
    copyFileSync(join(this.options.context, path), to);
    digest.update(path).update('\0').update(readFileSync(to));
  }

  private async run(state: StageState, instruction: Instruction): Promise<void> {
    const { args, line, flags } = instruction;
    const started = performance.now();
    const report = (outcome: StepReport['outcome']) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      this.steps.push({ stage: state.name, line, outcome, seconds });
    };
    if (/^apt-get\s/.test(args)) {
      hostHasPackages(args, line);
      report('host packages');
      return;
    }
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      HOME: homedir(),
      ...state.config.env,
      ...cacheMountEnv(flags['mount'], state.config.user, line),
    };
    const step = `${state.name}-line${line}`;
    const cache = state.cacheable ? this.options.layerCache : undefined;
    if (cache?.has(step, state.key)) {
      state.pending = cache.tree(step, state.key);
      report('cached');
      return;
    }
    // A layer the cache missed (a new lockfile: minutes of npm anyway) runs on a copy of its own:
    // npm prune rewrites the lockfiles in place. The source build, which runs every time, runs on
    // links, checked below (it only adds files).
    await this.materialize(state, !state.cacheable);
    const linked = linkedFiles(state.root);
    const cwd = join(state.root, state.config.workdir);
    const { status, output } = await runShell(args, cwd, env);
    if (status !== 0)
      throw new Error(`line ${line}: RUN ${args}\nexited ${status}:\n${output.slice(-6000)}`);
    const written = writtenInPlace(state.root, linked);
    if (written.length > 0) {
      this.options.layerCache?.clear();
      throw new Error(
        `line ${line}: RUN ${args}\nwrote in place into files this replay shares by hard links ` +
          `with other stages and the layer cache (cleared): ${written.slice(0, 5).join(', ')}`,
      );
    }
    await cache?.store(step, state.key, state.root);
    report('ran');
  }
}

/**
 * Files with more than one link under `root`, with their inode, modification time and size
 * (GNU find: a stat per file in C, a fraction of a second for the install's 30,000 files).
 */
function linkedFiles(root: string): Map<string, string> {
  const listing = spawnSync(
    'find',
    [root, '-type', 'f', '-links', '+1', '-printf', '%p\\0%i %T@ %s\\0'],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  if (listing.status !== 0) throw new Error(`find ${root} failed: ${listing.stderr}`);
  const fields = listing.stdout.split('\0');
  const files = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2)
    files.set(fields[index] as string, fields[index + 1] as string);
  return files;
}

/** Those of `before` that are still linked and changed in place (same inode, other time or size). */
function writtenInPlace(root: string, before: Map<string, string>): string[] {
  const after = linkedFiles(root);
  return [...before]
    .filter(([path, was]) => {
      const now = after.get(path);
      return now !== undefined && now.split(' ')[0] === was.split(' ')[0] && now !== was;
    })
    .map(([path]) => path);
}

/** The Debian packages an `apt-get install` RUN names must be on this machine already. */
function hostHasPackages(command: string, line: number): void {
  for (const part of command.split('&&').map((piece) => piece.trim())) {
    if (part === 'apt-get update' || part === 'rm -rf /var/lib/apt/lists/*') continue;
    const install = /^apt-get install (.*)$/.exec(part);
    if (!install) throw new Error(`line ${line}: "${part}" is not replayed by this test`);
    const packages = (install[1] as string).split(/\s+/).filter((word) => !word.startsWith('-'));
    for (const name of packages) {
      const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
      if (query.stdout !== 'install ok installed')
        throw new Error(`line ${line}: the stage installs ${name}, which this machine lacks`);
    }
  }
}

/** `--mount=type=cache,target=/root/.npm`: the npm cache, which is this machine's here. */
function cacheMountEnv(
  mount: string | undefined,
  user: string | undefined,
  line: number,
): Record<string, string> {
  if (mount === undefined) return {};
  const options = Object.fromEntries(mount.split(',').map((pair) => pair.split('=')));
  const npmCacheOfRoot = user === undefined && options['target'] === '/root/.npm';
  if (options['type'] !== 'cache' || !npmCacheOfRoot)
    throw new Error(`line ${line}: only a cache mount on root's npm cache is replayed`);
  return { npm_config_cache: process.env['npm_config_cache'] ?? join(homedir(), '.npm') };
}

function runShell(
  command: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, output }));
  });
}
