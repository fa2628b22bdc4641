import type { IncomingMessage, ServerResponse } from 'http';
import { Counter, Histogram, Registry } from 'prom-client';
import type { NbiStores } from '@acs/nbi-data-access';
import { LATENCY_BUCKETS, StoreMetrics, timedPort } from '@acs/observability';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The operator API's Prometheus metrics, in a registry of its own. */
export class NbiMetrics {
  readonly registry = new Registry();
  /** The API's own stores (API keys, audit log): an audit write failure shows as its error. */
  readonly stores = new StoreMetrics(this.registry, 'nbi');

  readonly requests = new Counter({
    name: 'acs_nbi_http_requests_total',
    help: "Operator API requests by method, route template ('unmatched' for none) and status class",
    labelNames: ['method', 'route', 'status_class'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'acs_nbi_http_request_duration_seconds',
    help: 'Operator API requests, from arrival to the last byte of the answer',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'acs_nbi_auth_failures_total',
    help: 'Refused API requests, by reason (missing-key, unknown-key, forbidden-role)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly limited = new Counter({
    name: 'acs_nbi_requests_limited_total',
    help:
      'API requests refused by a limit: source-address and api-key budgets (429), ' +
      'expensive-queries, the bound on fleet scans at once (503)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
}

/** What Express leaves on a request it routed: the route's template, never the raw path. */
interface RoutedRequest extends IncomingMessage {
  route?: { path?: unknown };
  baseUrl?: string;
  /** What the API's guards noted (NbiRequest). */
  nbi?: { limitedBy?: string };
}

/**
 * Express middleware, mounted before the API's routes: times each request and counts it by the
 * template of the route that served it, each 401/403 by why, and each refusal by a request limit
 * by which. At the transport, so guards, filters and use cases stay unaware of it.
 */
export function nbiHttpMetrics(metrics: NbiMetrics) {
  return (req: RoutedRequest, res: ServerResponse, next: () => void): void => {
    const stopTimer = metrics.duration.startTimer();
    res.once('finish', () => {
      const path = req.route?.path;
      const labels = {
        method: METHODS.has(req.method ?? '') ? (req.method ?? 'other') : 'other',
        route: typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched',
        status_class: `${Math.floor(res.statusCode / 100)}xx`,
      };
      stopTimer(labels);
      metrics.requests.inc(labels);
      const reason = authFailureReason(req, res.statusCode);
      if (reason) metrics.authFailures.inc({ reason });
      const limit = req.nbi?.limitedBy;
      if (limit !== undefined && (res.statusCode === 429 || res.statusCode === 503)) {
        metrics.limited.inc({ limit });
      }
    });
    next();
  };
}

function authFailureReason(req: IncomingMessage, status: number): string | null {
  if (status === 403) return 'forbidden-role';
  if (status !== 401) return null;
  const presented = req.headers.authorization ?? req.headers['x-api-key'];
  return presented === undefined ? 'missing-key' : 'unknown-key';
}

/** The API's own stores with their calls timed; a lost audit entry counts as an audit-log error. */
export function timedNbiStores(stores: NbiStores, metrics: NbiMetrics): NbiStores {
  return {
    apiKeys: timedPort(stores.apiKeys, metrics.stores, 'api-keys'),
    auditLog: timedPort(stores.auditLog, metrics.stores, 'audit-log'),
    close: () => stores.close(),
  };
}
