import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { waitFor } from '@acs/testing';

const WORKSPACE = resolve(import.meta.dirname, '../../../../..');
const CHILD = join(import.meta.dirname, 'test-support/sighup-child.ts');
const device = { oui: '00259E', productClass: 'HG8245H', serialNumber: 'SN1' };
const fileWith = (password: string) =>
  JSON.stringify({ devices: [{ ...device, username: 'cpe-sn1', password }] });
const fingerprint = (password: string) => createHash('sha256').update(password).digest('hex');

describe('CWMP_CREDENTIALS_FILE on SIGHUP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpe-credentials-'));
  const path = join(dir, 'credentials.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes new credentials without a restart, and keeps the old ones when the new file is broken', async () => {
    writeFileSync(path, fileWith('first-secret'));
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', CHILD, path],
      {
        cwd: WORKSPACE,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const lines: string[] = [];
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
    const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const logged = (event: string) => entries().filter((entry) => entry['event'] === event);
    try {
      await waitFor(() => logged('ready').length === 1, 'the child listening', 30_000);
      expect(logged('ready')[0]?.['fingerprint']).toBe(fingerprint('first-secret'));

      writeFileSync(path, fileWith('rotated-secret'));
      child.kill('SIGHUP');
      await waitFor(() => logged('cpe-credentials-reloaded').length === 1, 'the reload', 10_000);
      expect(logged('cpe-credentials-reloaded')[0]).toEqual({
        event: 'cpe-credentials-reloaded',
        path,
        fingerprint: fingerprint('rotated-secret'),
      });

      // A misspelt field: the file is refused as a whole and the rotated password stays.
      writeFileSync(
        path,
        JSON.stringify({ devices: [{ ...device, username: 'cpe-sn1', pasword: 'typo-secret' }] }),
      );
      child.kill('SIGHUP');
      await waitFor(
        () => logged('cpe-credentials-reload-failed').length === 1,
        'the failure',
        10_000,
      );
      const [failed] = logged('cpe-credentials-reload-failed');
      expect(failed?.['fingerprint']).toBe(fingerprint('rotated-secret'));
      expect(failed?.['error']).toMatch(/pasword/);
      expect(lines.join('\n')).not.toMatch(/secret/);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
