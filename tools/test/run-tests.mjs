// `npm test` on a fresh clone: installs what the tests need (Debian packages, npm packages; the
// harness resolves the Kafka jars and builds FerretDB itself on first use, into
// node_modules/.cache), then runs Jest with the arguments given (`npm test -- <paths>`).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureNpmPackages } from '../start/npm-install.mjs';
import { ensureTestPrerequisites } from './prerequisites.mjs';

const root = join(import.meta.dirname, '..', '..');

ensureTestPrerequisites('test');
ensureNpmPackages(root, 'test');

// Jest runs TypeScript as native ES modules (NestJS 12 ships only as ES modules).
const jest = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--forceExit',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => jest.kill(signal));
jest.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
