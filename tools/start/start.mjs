// `npm start` on a fresh clone: installs what is missing (npm ci, which also builds the native
// modules), then runs the all-in-one app. Plain Node, no dependencies: it runs before anything
// is installed. Signals reach the app so that Ctrl-C and SIGTERM stop it cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function installed() {
  // npm ci writes node_modules/.package-lock.json; a lockfile newer than it means a stale install.
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  if (statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs) return false;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return Object.keys(lock.packages ?? {})
    .filter((path) => path.startsWith('node_modules/') && !lock.packages[path].optional)
    .every((path) => existsSync(join(root, path)));
}

if (!installed()) {
  console.log(
    'acs: installing dependencies (npm ci; native modules build from source, a few minutes the first time)',
  );
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('acs: npm ci failed; see the output above');
    process.exit(result.status ?? 1);
  }
}

const app = spawn(
  process.execPath,
  [
    '--import',
    '@swc-node/register/esm-register',
    join('apps', 'acs', 'src', 'main.ts'),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
