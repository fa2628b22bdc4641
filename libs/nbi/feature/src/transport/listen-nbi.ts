import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { answerClientErrors } from './client-errors';
import { describeCertificate, KeyPairWatcher } from './key-pair-watcher';
import type { NbiLog } from './nbi-log';
import { readKeyPair, type NbiTransport } from './nbi-transport';

/**
 * What NestFactory.create takes for the API's transport (the server is made with the
 * application): the certificate and key for HTTPS, nothing for plain HTTP. The files were checked
 * at start-up; a failure here (they changed since) stops the start.
 */
export function nbiServerOptions(transport: NbiTransport): {
  httpsOptions?: { cert: Buffer; key: Buffer };
} {
  if (transport.kind !== 'https') return {};
  const pair = readKeyPair(transport.certFile, transport.keyFile);
  if (!pair.ok) throw new Error(pair.problem);
  return { httpsOptions: { cert: pair.cert, key: pair.key } };
}

export interface NbiListenOptions {
  port: number;
  /** All interfaces when absent. */
  host?: string;
  /** The same the application was created with (nbiServerOptions). */
  transport: NbiTransport;
  log: NbiLog;
  /** How often the certificate files are looked at (DEFAULT_RELOAD_CHECK_MS). */
  reloadCheckMs?: number;
}

export interface NbiListening {
  port: number;
  /** Where a client on this machine reaches it: 127.0.0.1 for the wildcard host. */
  url: string;
}

const TRANSPORT_LOG: Record<NbiTransport['kind'], string> = {
  https: 'https',
  'plain-on-loopback': 'plain HTTP on loopback',
  'plain-by-opt-in': 'plain HTTP by opt-in (NBI_ALLOW_PLAIN_HTTP)',
};

/**
 * Starts the operator API's listener, in every app that serves it: logs which transport it
 * serves (https, plain on loopback, plain by opt-in), and with HTTPS keeps the certificate
 * current while it listens.
 */
export async function listenNbi(
  app: INestApplication,
  options: NbiListenOptions,
): Promise<NbiListening> {
  if (options.host === undefined) await app.listen(options.port);
  else await app.listen(options.port, options.host);
  const server = app.getHttpServer() as TlsServer;
  answerClientErrors(server);
  const { transport } = options;
  if (transport.kind === 'https') {
    const watcher = new KeyPairWatcher(server, transport, options.log, options.reloadCheckMs);
    watcher.start();
    server.once('close', () => watcher.stop());
  }
  const { port } = server.address() as AddressInfo;
  const wildcard =
    options.host === undefined || options.host === '0.0.0.0' || options.host === '::';
  const host = wildcard ? '127.0.0.1' : (options.host as string);
  const scheme = transport.kind === 'https' ? 'https' : 'http';
  const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.log.info('operator API listening', {
    event: 'nbi-listening',
    host: options.host ?? '0.0.0.0',
    port,
    transport: TRANSPORT_LOG[transport.kind],
    ...(transport.kind === 'https' ? certificateOf(transport) : {}),
  });
  return { port, url };
}

function certificateOf(transport: { certFile: string; keyFile: string }): Record<string, string> {
  const pair = readKeyPair(transport.certFile, transport.keyFile);
  return pair.ok ? { certFile: transport.certFile, ...describeCertificate(pair.cert) } : {};
}
