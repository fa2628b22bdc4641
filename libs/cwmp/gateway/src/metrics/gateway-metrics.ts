import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { STANDARD_EVENT_CODES } from '@acs/cwmp-codec';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SESSION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

const STANDARD_EVENTS = new Set<string>(STANDARD_EVENT_CODES);
const VENDOR_EVENT = /^(M X_|X )/;

/** An Inform's event code as a label: bounded, whatever a CPE sends (vendor codes carry an OUI). */
export function informEventLabel(code: string): string {
  if (STANDARD_EVENTS.has(code)) return code;
  return VENDOR_EVENT.test(code) ? 'vendor' : 'other';
}

/** The gateway's Prometheus metrics, in a registry of its own (one per gateway instance). */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly sessionsOpened = new Counter({
    name: 'acs_gateway_sessions_opened_total',
    help: 'CWMP sessions opened (Informs answered)',
    registers: [this.registry],
  });
  readonly informs = new Counter({
    name: 'acs_gateway_informs_total',
    help: "Inform event codes of opened sessions: the standard codes, 'vendor' for X/M X_ ones, 'other'",
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  readonly sessionsClosed = new Counter({
    name: 'acs_gateway_sessions_closed_total',
    help: 'CWMP sessions closed, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly sessionsInFlight = new Gauge({
    name: 'acs_gateway_sessions_in_flight',
    help: 'Sessions this pod counts against its admission budget',
    registers: [this.registry],
  });
  readonly rpcs = new Counter({
    name: 'acs_gateway_rpcs_total',
    help: 'RPCs by method and outcome (response, fault, or answered for CPE requests)',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly httpResponses = new Counter({
    name: 'acs_gateway_http_responses_total',
    help: 'HTTP responses to CPEs, by status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly sessionDuration = new Histogram({
    name: 'acs_gateway_session_duration_seconds',
    help: 'From Inform to the end of the session',
    buckets: SESSION_BUCKETS,
    registers: [this.registry],
  });
  readonly rpcRoundTrip = new Histogram({
    name: 'acs_gateway_rpc_round_trip_seconds',
    help: 'From sending an ACS RPC to the CPE answering it',
    labelNames: ['method'] as const,
    buckets: SESSION_BUCKETS,
    registers: [this.registry],
  });
  readonly publishLatency = new Histogram({
    name: 'acs_gateway_kafka_publish_seconds',
    help: 'Time to the broker acknowledging the events of one request',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly redisLatency = new Histogram({
    name: 'acs_gateway_redis_seconds',
    help: 'Session store operations, by operation',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly authFailures = new Counter({
    name: 'acs_gateway_auth_failures_total',
    help: 'Refused CPE credentials, by reason (rate-limited included)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly admissionRejections = new Counter({
    name: 'acs_gateway_admission_rejections_total',
    help: 'New sessions refused with 503 because the budget was spent or the pod was draining',
    labelNames: ['cause'] as const,
    registers: [this.registry],
  });
  readonly dependencyFailures = new Counter({
    name: 'acs_gateway_dependency_failures_total',
    help: 'Requests answered 503 because Redis or Kafka failed',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor() {
    // The series a dashboard divides by or an alert watches exist from the first scrape, at
    // zero: the 503 share is a flat 0, not "no data" that looks like a broken panel.
    this.httpResponses.inc({ status: '503' }, 0);
    for (const cause of ['budget', 'draining']) this.admissionRejections.inc({ cause }, 0);
    for (const dependency of ['redis', 'kafka']) this.dependencyFailures.inc({ dependency }, 0);
    for (const reason of ['bad-credentials', 'rate-limited']) this.authFailures.inc({ reason }, 0);
  }
}
