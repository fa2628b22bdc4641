// `npm start` on a fresh clone: installs what is missing (npm ci, which also builds the native
// modules), then runs the all-in-one app. Plain Node, no dependencies: it runs before anything
// is installed. Signals reach the app so that Ctrl-C and SIGTERM stop it cleanly.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmPackages } from './npm-install.mjs';

const root = join(import.meta.dirname, '..', '..');

ensureNpmPackages(root, 'acs');

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
