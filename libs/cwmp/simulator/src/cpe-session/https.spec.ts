import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeviceState } from '../model/device-state';
import { TR181_HOME_GATEWAY } from '../profiles';
import { queueScript, ScriptedAcs } from '../test-support/scripted-acs';
import { DEFAULT_QUIRKS } from './quirks';
import { runSession } from './session-client';

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1, made fresh for the test. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cpe-sim-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const withOpenssl = opensslAvailable() ? describe : describe.skip;

withOpenssl('sessions over HTTPS (skipped without the openssl binary)', () => {
  let acs: ScriptedAcs;
  let acsUrl: string;
  let cert: string;

  beforeAll(async () => {
    const tls = selfSigned();
    cert = tls.cert;
    acs = new ScriptedAcs(queueScript([{ type: 'GetRPCMethods' }]), tls);
    acsUrl = await acs.start();
  }, 30_000);
  afterAll(() => acs.stop());

  const device = () => ({
    state: createDeviceState(TR181_HOME_GATEWAY, 'SIM000001', 1),
    quirks: DEFAULT_QUIRKS,
    retryCount: 0,
  });
  const options = { username: 'u', password: 'p', requestTimeoutMs: 5000 };

  it('completes a session when the ACS certificate is trusted', async () => {
    const result = await runSession(device(), { ...options, acsUrl, tls: { ca: cert } });
    expect(result).toMatchObject({ ok: true, rpcCount: 1 });
    expect(acsUrl.startsWith('https://')).toBe(true);
  });

  it('refuses an ACS whose certificate it cannot verify', async () => {
    const result = await runSession(device(), { ...options, acsUrl });
    expect(result).toMatchObject({ ok: false, reason: 'network' });
  });
});
