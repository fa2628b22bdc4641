// `npm start` on a fresh clone: installs what is missing (npm ci, which also builds the native
// modules), builds the all-in-one app when its build is missing or older than its sources (a few
// seconds), then runs that plain JavaScript, as production does. Plain Node, no dependencies: it
// runs before anything is installed. Signals reach the app so that Ctrl-C and SIGTERM stop it
// cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIsFresh } from '../build/freshness.mjs';
import { ensureNpmPackages } from './npm-install.mjs';

const root = join(import.meta.dirname, '..', '..');

ensureNpmPackages(root, 'acs');

if (!buildIsFresh(root, join('dist', 'apps', 'acs'))) {
  // A process of its own: the build imports @swc/core, which exists only after the install above.
  const build = spawnSync(process.execPath, [join('tools', 'build', 'build.mjs'), 'acs'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error('acs: the build failed; see the output above');
    process.exit(build.status ?? 1);
  }
}

const app = spawn(
  process.execPath,
  [join('dist', 'apps', 'acs', 'main.js'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
