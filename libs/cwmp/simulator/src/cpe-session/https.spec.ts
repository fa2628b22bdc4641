import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opensslAvailable, selfSignedCertificate } from '@acs/testing';
import { createDeviceState } from '../model/device-state';
import { TR181_HOME_GATEWAY } from '../profiles';
import { queueScript, ScriptedAcs } from '../test-support/scripted-acs';
import { DEFAULT_QUIRKS } from './quirks';
import { runSession } from './session-client';

/** A self-signed certificate for 127.0.0.1, made fresh for the test. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cpe-sim-tls-'));
  try {
    const { key, cert } = selfSignedCertificate(dir);
    return { key, cert };
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
