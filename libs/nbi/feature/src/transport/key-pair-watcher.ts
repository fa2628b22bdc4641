import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Server as TlsServer } from 'node:tls';
import { readKeyPair } from './nbi-transport';
import type { NbiLog } from './nbi-log';

/** How often the files are looked at: a renewal is picked up within seconds, at two stats a tick. */
export const DEFAULT_RELOAD_CHECK_MS = 2_000;

/**
 * Serves a renewed certificate without a restart: the files are polled (fs.watchFile), which,
 * unlike inotify on the file, also sees a file replaced by rename or a Kubernetes Secret's symlink
 * swap. A change is read once both files have been quiet for a moment (a renewal writes two
 * files), and a pair that does not load is logged and the one in service kept. Connections
 * already open keep the certificate they were made with; new ones get the new one.
 */
export class KeyPairWatcher {
  private pending: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly onChange = (current: Stats, previous: Stats) => {
    if (sameFile(current, previous) || this.stopped) return;
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.reload(), this.settleMs);
    this.pending.unref();
  };
  private readonly settleMs: number;

  constructor(
    private readonly server: TlsServer,
    private readonly files: { certFile: string; keyFile: string },
    private readonly log: NbiLog,
    private readonly checkMs = DEFAULT_RELOAD_CHECK_MS,
  ) {
    this.settleMs = Math.min(checkMs, 500);
  }

  start(): void {
    for (const file of [this.files.certFile, this.files.keyFile]) {
      watchFile(file, { interval: this.checkMs, persistent: false }, this.onChange);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pending);
    for (const file of [this.files.certFile, this.files.keyFile]) unwatchFile(file, this.onChange);
  }

  private reload(): void {
    if (this.stopped) return;
    const pair = readKeyPair(this.files.certFile, this.files.keyFile);
    if (!pair.ok) {
      this.log.error('operator API certificate not reloaded; the previous one is still served', {
        event: 'nbi-tls-reload-failed',
        problem: pair.problem,
      });
      return;
    }
    this.server.setSecureContext({ cert: pair.cert, key: pair.key });
    this.log.info('operator API certificate reloaded', {
      event: 'nbi-tls-reloaded',
      ...describeCertificate(pair.cert),
    });
  }
}

/** What an operator checks after a renewal: which certificate, until when. Never the key. */
export function describeCertificate(cert: Buffer): Record<string, string> {
  try {
    const x509 = new X509Certificate(cert);
    return { subject: x509.subject, validTo: x509.validTo, fingerprint256: x509.fingerprint256 };
  } catch {
    return {};
  }
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.size === b.size && a.ctimeMs === b.ctimeMs;
}
