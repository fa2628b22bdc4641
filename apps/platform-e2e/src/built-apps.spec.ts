import { spawn } from 'node:child_process';
import { builtApp, productionEnv } from '@acs/testing';

/**
 * Runs a built app with plain `node` and no loader; its output and exit code. Node links every
 * static import before the first line runs, so an app that gets as far as reading its settings
 * found all of its modules in the build.
 */
function runBuilt(
  app: string,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [builtApp(app), ...args], {
    env: productionEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

// The all-in-one app and inventory run from their builds in their own suites (apps/acs,
// apps/inventory); these are the other apps, each far enough to prove the build complete.
describe('the production builds of the other apps', () => {
  it.each(['cwmp-gateway', 'provisioning'])(
    '%s loads every module and reads its settings',
    async (app) => {
      const { code, output } = await runBuilt(app);
      expect(output).toMatch(/KAFKA_BROKERS: Expected required property/);
      expect(output).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find/);
      expect(code).not.toBe(0);
    },
    60_000,
  );

  it('cpe-sim answers --help', async () => {
    const { code, output } = await runBuilt('cpe-sim', ['--help']);
    expect(output).toMatch(/^usage: npm run sim -- --acs <url>/);
    expect(code).toBe(0);
  }, 60_000);
});
