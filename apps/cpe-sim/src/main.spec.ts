import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Inform } from '@acs/cwmp-codec';
import { queueScript, ScriptedAcs } from '@acs/cpe-simulator';
import { startServiceProcess, type ServiceProcess } from '@acs/testing';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const ENTRY = 'apps/cpe-sim/src/main.ts';

describe('cpe-sim', () => {
  it('prints its usage on --help and exits 0', () => {
    // execFileSync throws on a non-zero exit.
    const stdout = execFileSync(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', ENTRY, '--help'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(stdout).toContain('usage: npm run sim -- --acs <url>');
    expect(stdout).toContain('--processes <n>');
    expect(stdout).toContain('--cr-host <host>');
  }, 60_000);

  describe('with --processes 2', () => {
    const acs = new ScriptedAcs(queueScript([]));
    let cli: ServiceProcess | undefined;
    afterAll(async () => {
      await cli?.stop();
      await acs.stop();
    });

    it('runs every device once over both processes and merges their statistics', async () => {
      const acsUrl = await acs.start();
      const sessionsEnded = () =>
        acs.received.filter((request) => request.method === 'POST' && !request.envelope).length;
      cli = await startServiceProcess({
        entry: ENTRY,
        args: [
          ...['--acs', acsUrl, '--devices', '7', '--processes', '2', '--no-periodic'],
          ...['--cr-host', '127.0.0.1'],
        ],
        env: {},
        ready: () => sessionsEnded() === 7,
        timeoutMs: 90_000,
      });
      const running = cli;
      await running.stop(); // SIGTERM: the CLI stops the fleet and prints the merged summary
      const output = running.output();

      expect(output).toContain('sessions ok:     7\n');
      expect(output).toContain('sessions failed: 0\n');
      expect(output).toMatch(/RSS \d+ MiB \(3 processes together\)/);
      const informs = acs
        .messages()
        .filter((message): message is Inform => message.type === 'Inform');
      expect(informs.map((inform) => inform.deviceId.serialNumber).sort()).toEqual([
        'SIM000000',
        'SIM000001',
        'SIM000002',
        'SIM000003',
        'SIM000004',
        'SIM000005',
        'SIM000006',
      ]);
      // Each process listens for the connection requests of its own devices.
      const ports = new Set(
        informs.map((inform) => {
          const url = inform.parameters.find((parameter) =>
            parameter.name.endsWith('.ConnectionRequestURL'),
          )?.value;
          return new URL(String(url)).port;
        }),
      );
      expect(ports.size).toBe(2);
      expect(running.child.exitCode).toBe(0);
    }, 120_000);
  });
});
