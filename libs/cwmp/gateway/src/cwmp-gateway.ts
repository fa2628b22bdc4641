import { hostname } from 'os';
import type { Registry } from 'prom-client';
import type { EventPublisher } from '@acs/event-bus';
import type { SessionStore } from '@acs/session-store';
import type { GatewayConfig } from './config/gateway-config';
import { CwmpHttpServer } from './http/cwmp-http-server';
import type { HttpAnswer } from './http/http-answer';
import { textAnswer } from './http/http-answer';
import { parseCookies } from './http/cookies';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { OpsServer, type ReadinessCheck } from '@acs/observability';
import { Admission } from './request-handling/admission';
import { ContinueSession } from './request-handling/continue-session';
import { SessionDependencies } from './request-handling/dependencies';
import { HandleCwmpRequest } from './request-handling/handle-cwmp-request';
import { OpenSession, type CpeAuthenticator } from './request-handling/open-session';
import { SessionEventFactory } from './request-handling/session-event-factory';
import type { SessionSettings } from './request-handling/session-settings';
import { SessionTimeoutSweeper } from './request-handling/timeout-sweeper';

export interface GatewayLogger {
  log(entry: Record<string, unknown>): void;
  warn(entry: Record<string, unknown>): void;
  error(entry: Record<string, unknown>): void;
}

export interface GatewayPorts {
  sessionStore: SessionStore;
  publisher: EventPublisher;
  /** Null when the operator chose CWMP_AUTH=none (labs only). */
  authenticator: CpeAuthenticator | null;
  /** Dependency checks for /readyz (Redis, Kafka); the gateway adds its own draining state. */
  readiness: ReadinessCheck;
  /**
   * Served on the ops port beside the gateway's own: the process metrics, and in the all-in-one
   * app every other module's registry (one port, one exposition, each family once).
   */
  metrics?: Registry[];
  logger: GatewayLogger;
  tls?: { cert: Buffer; key: Buffer };
}

/** The gateway's parts wired together, framework-free; GatewayModule runs it inside Nest. */
export class CwmpGateway {
  readonly metrics = new GatewayMetrics();
  readonly podId: string;
  private readonly admission: Admission;
  private readonly http: CwmpHttpServer;
  private readonly ops: OpsServer;
  private readonly sweeper: SessionTimeoutSweeper;
  private readonly settings: SessionSettings;

  constructor(
    private readonly config: GatewayConfig,
    private readonly ports: GatewayPorts,
  ) {
    this.podId = config.podId ?? `${hostname()}-${process.pid}`;
    this.settings = { ...config, podId: this.podId };
    const retryAfter = {
      minSeconds: config.retryAfterMinSeconds,
      maxSeconds: config.retryAfterMaxSeconds,
    };
    this.admission = new Admission(config.admissionBudget, retryAfter, (n) =>
      this.metrics.sessionsInFlight.set(n),
    );
    const deps = new SessionDependencies(ports.sessionStore, ports.publisher, this.metrics, {
      publishTimeoutMs: config.publishTimeoutMs,
      retryAfterSeconds: () => this.admission.retryAfterSeconds(),
    });
    const events = new SessionEventFactory(this.podId);
    const handler = new HandleCwmpRequest(
      new OpenSession(
        deps,
        ports.authenticator,
        this.admission,
        events,
        this.metrics,
        this.settings,
      ),
      new ContinueSession(deps, this.admission, events, this.metrics, this.settings),
      (failure) => ports.logger.warn({ event: 'cwmp-decode-failed', ...failure }),
    );
    this.http = new CwmpHttpServer(
      { ...config, tls: ports.tls },
      {
        handle: (request) => handler.execute(request),
        refuseBeforeBody: (headers) => this.refuseBeforeBody(headers.cookie),
        onResponse: (status) => this.metrics.httpResponses.inc({ status: String(status) }),
        onError: (error) =>
          ports.logger.error({ event: 'cwmp-request-failed', error: describe(error) }),
      },
    );
    this.ops = new OpsServer(
      { port: config.opsPort, host: config.host },
      [this.metrics.registry, ...(ports.metrics ?? [])],
      async () => ({
        ...(await ports.readiness()),
        accepting: !this.admission.isDraining,
      }),
    );
    this.sweeper = new SessionTimeoutSweeper(
      deps,
      events,
      this.admission,
      this.metrics,
      { intervalMs: Math.min(1_000, config.sessionTimeoutMs / 2), batch: 200 },
      (error) => ports.logger.warn({ event: 'session-sweep-failed', error: describe(error) }),
    );
  }

  /** Starts serving; resolves with the ports actually bound (useful with port 0 in tests). */
  async start(): Promise<{ cwmpPort: number; opsPort: number }> {
    const cwmpPort = await this.http.listen();
    const opsPort = await this.ops.listen();
    this.sweeper.start();
    this.ports.logger.log({ event: 'gateway-started', podId: this.podId, cwmpPort, opsPort });
    return { cwmpPort, opsPort };
  }

  /** SIGTERM: no new sessions, in-flight requests finish within the grace period, then stop. */
  async stop(graceMs = this.config.drainGraceMs): Promise<void> {
    this.admission.drain();
    await this.http.close(graceMs);
    await this.sweeper.stop();
    await this.ops.close();
    this.ports.logger.log({ event: 'gateway-stopped', podId: this.podId });
  }

  private refuseBeforeBody(cookieHeader: string | undefined): HttpAnswer | null {
    if (parseCookies(cookieHeader).has(this.config.cookieName)) return null;
    if (this.admission.hasRoom()) return null;
    this.metrics.admissionRejections.inc({
      cause: this.admission.isDraining ? 'draining' : 'budget',
    });
    return textAnswer(503, 'too many sessions in flight', {
      'retry-after': String(this.admission.retryAfterSeconds()),
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
