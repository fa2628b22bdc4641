import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '@acs/config';
import { Type } from '@sinclair/typebox';
import { opensslAvailable, selfSignedCertificate } from '@acs/testing';
import { isLoopbackHost, nbiTransportOf, nbiTransportSettingsEnv } from './nbi-transport';

const Schema = Type.Object({
  nbiHost: Type.String({ env: 'NBI_HOST', default: '0.0.0.0' }),
  ...nbiTransportSettingsEnv(),
});
const transportFrom = (env: Record<string, string>) => nbiTransportOf(configFromEnv(Schema, env));

describe('the operator API transport, from the environment', () => {
  it('tells loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'api.isp.example'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('serves plain HTTP on loopback, and elsewhere only by opt-in', () => {
    expect(transportFrom({ NBI_HOST: '127.0.0.1' })).toEqual({ kind: 'plain-on-loopback' });
    expect(transportFrom({ NBI_ALLOW_PLAIN_HTTP: 'true' })).toEqual({ kind: 'plain-by-opt-in' });
    expect(() => transportFrom({})).toThrow(
      /NBI_HOST: the operator API would serve plain HTTP on 0\.0\.0\.0.*NBI_TLS_CERT_FILE.*NBI_ALLOW_PLAIN_HTTP=true/,
    );
    expect(() => transportFrom({ NBI_ALLOW_PLAIN_HTTP: 'maybe' })).toThrow(/NBI_ALLOW_PLAIN_HTTP/);
  });

  it('refuses one TLS file without the other, and files it cannot read', () => {
    expect(() => transportFrom({ NBI_TLS_CERT_FILE: '/nonexistent/cert.pem' })).toThrow(
      /NBI_TLS_CERT_FILE and NBI_TLS_KEY_FILE: give both or neither/,
    );
    expect(() =>
      transportFrom({
        NBI_TLS_CERT_FILE: '/nonexistent/cert.pem',
        NBI_TLS_KEY_FILE: '/nonexistent/key.pem',
      }),
    ).toThrow(/NBI_TLS_CERT_FILE: cannot read \/nonexistent\/cert\.pem/);
  });

  (opensslAvailable() ? it : it.skip)(
    'takes a matching certificate and key on any address, and refuses a mismatched pair',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'nbi-transport-'));
      try {
        const one = selfSignedCertificate(dir, 'one');
        const other = selfSignedCertificate(dir, 'other');
        expect(
          transportFrom({ NBI_TLS_CERT_FILE: one.certFile, NBI_TLS_KEY_FILE: one.keyFile }),
        ).toEqual({ kind: 'https', certFile: one.certFile, keyFile: one.keyFile });
        expect(() =>
          transportFrom({ NBI_TLS_CERT_FILE: one.certFile, NBI_TLS_KEY_FILE: other.keyFile }),
        ).toThrow(/not a usable certificate and key/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
