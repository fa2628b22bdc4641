// Jest global setup: starts the test run's shared servers (Kafka cluster, ...) in a process of
// their own (libs/testing/src/shared-services/main.ts) and tells every suite where they answer.
// The servers come up while the first suites run; a suite that needs one waits for it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..', '..');

export default async function startSharedServices() {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'libs/testing/src/shared-services/main.ts'],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const port = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`shared test services: unexpected first line "${line}"`));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`shared test services exited on start (${signal ?? code})`)),
    );
  });
  process.env.ACS_TEST_SERVICES_URL = `http://127.0.0.1:${port}`;
  globalThis.__acsSharedServices = child;
}
