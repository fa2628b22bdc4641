import { copyFileSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { opensslAvailable, selfSignedCertificate, type SelfSignedCertificate } from '@acs/testing';
import { startTestNbi, type TestNbi } from '../test-support/nbi-test-app';

interface Served {
  status: number;
  /** The certificate the server presented on this (fresh) connection. */
  fingerprint256: string;
}

/** GET over HTTPS on a connection of its own, trusting only `ca`. */
function httpsGet(url: string, key: string, ca: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      { ca, agent: false, headers: { authorization: `Bearer ${key}` } },
      (response) => {
        const socket = response.socket as TLSSocket;
        const fingerprint256 = socket.getPeerCertificate().fingerprint256;
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, fingerprint256 }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** Polls until the server presents `expected` (the test's timeout bounds the wait). */
async function untilServed(url: string, key: string, expected: SelfSignedCertificate) {
  for (;;) {
    const served = await httpsGet(url, key, expected.cert).catch(() => null);
    if (served?.fingerprint256 === expected.fingerprint256) return served;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const withOpenssl = opensslAvailable() ? describe : describe.skip;

withOpenssl('the operator API over HTTPS (skipped without the openssl binary)', () => {
  let dir: string;
  let first: SelfSignedCertificate;
  let nbi: TestNbi;
  const errors: Record<string, unknown>[] = [];
  const infos: Record<string, unknown>[] = [];
  const served = { certFile: '', keyFile: '' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nbi-tls-'));
    first = selfSignedCertificate(dir, 'first');
    served.certFile = join(dir, 'tls.crt');
    served.keyFile = join(dir, 'tls.key');
    copyFileSync(first.certFile, served.certFile);
    copyFileSync(first.keyFile, served.keyFile);
    nbi = await startTestNbi({
      tls: { ...served, reloadCheckMs: 50 },
      log: {
        info: (_message, fields) => void infos.push(fields ?? {}),
        warn: () => undefined,
        error: (_message, fields) => void errors.push(fields ?? {}),
      },
    });
  }, 30_000);

  afterAll(async () => {
    await nbi?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the configured certificate and says so at start', async () => {
    expect(nbi.app.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await httpsGet(
      `${nbi.app.url}/api/v1/devices`,
      nbi.keys['read-only'],
      first.cert,
    );
    expect(answer).toEqual({ status: 200, fingerprint256: first.fingerprint256 });
    expect(infos).toContainEqual(
      expect.objectContaining({ event: 'nbi-listening', transport: 'https' }),
    );
  });

  it('refuses a plain HTTP request on the HTTPS port', async () => {
    const plain = fetch(`${nbi.app.url.replace('https:', 'http:')}/api/v1/devices`, {
      headers: { authorization: `Bearer ${nbi.keys['read-only']}` },
    });
    await expect(plain.then((response) => response.status)).rejects.toThrow();
  });

  it('serves a renewed certificate without a restart, and keeps it when a bad pair follows', async () => {
    const url = `${nbi.app.url}/api/v1/devices`;
    const key = nbi.keys['read-only'];
    // A renewal as cert-manager or a Secret update does it: new files moved into place.
    const renewed = selfSignedCertificate(dir, 'renewed');
    renameSync(renewed.keyFile, served.keyFile);
    renameSync(renewed.certFile, served.certFile);
    expect(await untilServed(url, key, renewed)).toEqual({
      status: 200,
      fingerprint256: renewed.fingerprint256,
    });
    expect(infos).toContainEqual(
      expect.objectContaining({
        event: 'nbi-tls-reloaded',
        fingerprint256: renewed.fingerprint256,
      }),
    );

    // A certificate whose key is not the one beside it: logged, the renewed pair stays in service.
    const stray = selfSignedCertificate(dir, 'stray');
    renameSync(stray.certFile, served.certFile);
    while (!errors.some((fields) => fields['event'] === 'nbi-tls-reload-failed')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await httpsGet(url, key, renewed.cert)).toEqual({
      status: 200,
      fingerprint256: renewed.fingerprint256,
    });
    const failure = errors.find((fields) => fields['event'] === 'nbi-tls-reload-failed');
    expect(String(failure?.['problem'])).toMatch(/not a usable certificate and key/);
    expect(JSON.stringify(errors)).not.toContain('PRIVATE KEY');
  }, 30_000);
});
