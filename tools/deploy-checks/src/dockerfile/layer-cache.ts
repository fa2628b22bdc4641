import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** `cp -a` (a copy of its own) or `cp -al` (hard links: instant, for trees nobody writes in). */
export async function copyTree(from: string, to: string, links: boolean): Promise<void> {
  rmSync(to, { recursive: true, force: true });
  await execFileAsync('cp', [links ? '-al' : '-a', from, to]);
}

/**
 * RUN layers kept between runs, as `docker build` keeps them: a layer is found again only under
 * the same key, a hash of everything that made it (the base, every instruction before it, the
 * bytes of every file copied in before it, the command itself), so a changed command or lockfile
 * always runs again. It lives outside the clone (CI clones afresh every run) and keeps one entry
 * per step: a new lockfile replaces the old layer. `ACS_IMAGE_LAYER_CACHE=off` turns it off;
 * another value is the directory to use.
 */
export class LayerCache {
  private constructor(private readonly dir: string) {}

  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  static fromEnv(): LayerCache | undefined {
    const setting = process.env['ACS_IMAGE_LAYER_CACHE'];
    if (setting === 'off') return undefined;
    return new LayerCache(setting ?? join(homedir(), '.cache', 'acs-image-layers'));
  }

  private entry(step: string, key: string): string {
    return join(this.dir, `${step}--${key.slice(0, 24)}`);
  }

  has(step: string, key: string): boolean {
    return existsSync(join(this.entry(step, key), 'complete'));
  }

  /** The cached layer: the stage's whole tree after the step (to link from, never to write in). */
  tree(step: string, key: string): string {
    return join(this.entry(step, key), 'tree');
  }

  /**
   * Keeps `from` (the stage's tree after the step) by hard links, then drops the step's older
   * layers. Whoever writes into a linked file in place damages the layer: the builder checks
   * that no RUN did, and clears the cache if one did.
   */
  async store(step: string, key: string, from: string): Promise<void> {
    const entry = this.entry(step, key);
    const temp = `${entry}.${process.pid}.tmp`;
    mkdirSync(temp, { recursive: true });
    await copyTree(from, join(temp, 'tree'), true);
    writeFileSync(join(temp, 'complete'), `${new Date().toISOString()}\n`);
    rmSync(entry, { recursive: true, force: true });
    await execFileAsync('mv', [temp, entry]);
    for (const name of readdirSync(this.dir)) {
      if (name.startsWith(`${step}--`) && join(this.dir, name) !== entry)
        rmSync(join(this.dir, name), { recursive: true, force: true });
    }
  }
}
