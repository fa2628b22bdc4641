import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { ConfigError } from '@acs/config';

/** The operator API's transport settings, for an app's config schema (read by @acs/config). */
export function nbiTransportSettingsEnv() {
  return {
    /** PEM certificate (chain) the API serves HTTPS with; with NBI_TLS_KEY_FILE. */
    nbiTlsCertFile: Type.Optional(Type.String({ env: 'NBI_TLS_CERT_FILE', minLength: 1 })),
    nbiTlsKeyFile: Type.Optional(Type.String({ env: 'NBI_TLS_KEY_FILE', minLength: 1 })),
    /**
     * Plain HTTP on an address other than loopback: only for an operator who says so (a TLS
     * ingress or mesh in front), since API keys and tokens would otherwise cross the network in clear.
     */
    nbiAllowPlainHttp: Type.Boolean({ env: 'NBI_ALLOW_PLAIN_HTTP', default: false }),
  };
}

/** The part of an app's configuration nbiTransportSettingsEnv() describes, and where it listens. */
export type NbiTransportEnvSettings = Static<
  TObject<ReturnType<typeof nbiTransportSettingsEnv>>
> & {
  nbiHost: string;
};

/**
 * How the API is served. HTTPS names its files (read again when they change); plain HTTP says
 * why it is allowed, which the start-up log line repeats.
 */
export type NbiTransport =
  | { kind: 'https'; certFile: string; keyFile: string }
  | { kind: 'plain-on-loopback' }
  | { kind: 'plain-by-opt-in' };

/** 127.0.0.0/8, ::1 and localhost: only this machine reaches them. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.');
}

/**
 * The transport from the app's configuration, checked once at start: both TLS files or neither,
 * readable and a matching pair; plain HTTP only on loopback or by NBI_ALLOW_PLAIN_HTTP.
 */
export function nbiTransportOf(config: NbiTransportEnvSettings): NbiTransport {
  const { nbiTlsCertFile: certFile, nbiTlsKeyFile: keyFile } = config;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError(['NBI_TLS_CERT_FILE and NBI_TLS_KEY_FILE: give both or neither']);
  }
  if (certFile !== undefined && keyFile !== undefined) {
    const pair = readKeyPair(certFile, keyFile);
    if (!pair.ok) throw new ConfigError([pair.problem]);
    return { kind: 'https', certFile, keyFile };
  }
  if (isLoopbackHost(config.nbiHost)) return { kind: 'plain-on-loopback' };
  if (config.nbiAllowPlainHttp) return { kind: 'plain-by-opt-in' };
  throw new ConfigError([
    `NBI_HOST: the operator API would serve plain HTTP on ${config.nbiHost}, beyond this ` +
      'machine: give NBI_TLS_CERT_FILE and NBI_TLS_KEY_FILE, listen on loopback ' +
      '(NBI_HOST=127.0.0.1), or set NBI_ALLOW_PLAIN_HTTP=true when TLS ends in front of it',
  ]);
}

export type KeyPairRead = { ok: true; cert: Buffer; key: Buffer } | { ok: false; problem: string };

/** Both PEM files, read and tried together: a certificate without its own key is refused. */
export function readKeyPair(certFile: string, keyFile: string): KeyPairRead {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(certFile);
  } catch (error) {
    return {
      ok: false,
      problem: `NBI_TLS_CERT_FILE: cannot read ${certFile}: ${messageOf(error)}`,
    };
  }
  try {
    key = readFileSync(keyFile);
  } catch (error) {
    return { ok: false, problem: `NBI_TLS_KEY_FILE: cannot read ${keyFile}: ${messageOf(error)}` };
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    return {
      ok: false,
      problem: `NBI_TLS_CERT_FILE, NBI_TLS_KEY_FILE: not a usable certificate and key: ${messageOf(error)}`,
    };
  }
  return { ok: true, cert, key };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
