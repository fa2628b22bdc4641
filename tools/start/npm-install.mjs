// Installs the npm packages when they are missing or older than the lockfile (npm ci, which also
// builds the native modules). Plain Node, no dependencies: `npm start` and `npm test` run it
// before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function installed(root) {
  // npm ci writes node_modules/.package-lock.json; a lockfile newer than it means a stale install.
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  if (statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs) return false;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return Object.keys(lock.packages ?? {})
    .filter((path) => path.startsWith('node_modules/') && !lock.packages[path].optional)
    .every((path) => existsSync(join(root, path)));
}

/** Runs npm ci in `root` unless the install is complete; exits the process if it fails. */
export function ensureNpmPackages(root, who) {
  if (installed(root)) return;
  console.log(
    `${who}: installing dependencies (npm ci; native modules build from source, a few minutes the first time)`,
  );
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${who}: npm ci failed; see the output above`);
    process.exit(result.status ?? 1);
  }
}
