import { Counter, Gauge, type Registry } from 'prom-client';
import type { GrantDenial } from '@acs/firmware-domain';

/** Methods as they label metrics: the ones served, everything else as one value. */
const METHOD_LABELS = new Set(['GET', 'HEAD', 'PUT', 'POST']);

export function methodLabel(method: string | undefined): string {
  return method !== undefined && METHOD_LABELS.has(method) ? method : 'other';
}

export type DeniedReason = GrantDenial | 'path';

/** The file server's Prometheus metrics; labels are closed sets, never ids or paths. */
export class FileServerMetrics {
  readonly requests: Counter<'method' | 'status_class'>;
  readonly sentBytes: Counter;
  readonly receivedBytes: Counter;
  readonly downloadsInFlight: Gauge;
  readonly denied: Counter<'reason'>;
  readonly uploads: Counter<'outcome'>;

  constructor(registry: Registry) {
    // A second server on one registry (tests, a blue/green restart) shares the series.
    const existing = <T>(name: string): T | undefined =>
      registry.getSingleMetric(name) as T | undefined;
    const registers = [registry];
    this.requests =
      existing('acs_fileserver_requests_total') ??
      new Counter({
        name: 'acs_fileserver_requests_total',
        help: 'File server requests answered, by method and status class (2xx, 3xx, 4xx, 5xx)',
        labelNames: ['method', 'status_class'],
        registers,
      });
    this.sentBytes =
      existing('acs_fileserver_sent_bytes_total') ??
      new Counter({
        name: 'acs_fileserver_sent_bytes_total',
        help: 'File content bytes written to CPEs (bodies only)',
        registers,
      });
    this.receivedBytes =
      existing('acs_fileserver_received_bytes_total') ??
      new Counter({
        name: 'acs_fileserver_received_bytes_total',
        help: 'Upload bytes stored from CPEs (completed uploads only)',
        registers,
      });
    this.downloadsInFlight =
      existing('acs_fileserver_downloads_in_flight') ??
      new Gauge({
        name: 'acs_fileserver_downloads_in_flight',
        help: 'File bodies being sent right now',
        registers,
      });
    this.denied =
      existing('acs_fileserver_denied_total') ??
      new Counter({
        name: 'acs_fileserver_denied_total',
        help: 'Requests refused: missing, malformed, bad-signature or expired grant, or a path trick',
        labelNames: ['reason'],
        registers,
      });
    this.uploads =
      existing('acs_fileserver_uploads_total') ??
      new Counter({
        name: 'acs_fileserver_uploads_total',
        help: 'Uploads by outcome: stored, incomplete, too-large, exists, failed',
        labelNames: ['outcome'],
        registers,
      });
  }

  answered(method: string | undefined, status: number): void {
    this.requests.inc({
      method: methodLabel(method),
      status_class: `${Math.floor(status / 100)}xx`,
    });
  }
}
