import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import { Gauge, Registry } from 'prom-client';

/** Each dependency's name and whether it answered; /readyz is 200 only when all did. */
export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export interface OpsServerOptions {
  port: number;
  host: string;
}

/**
 * Liveness, readiness and metrics on their own port, away from the traffic port: CPEs and API
 * clients have no business reading the service's metrics. Several registries (one per module of
 * the all-in-one app) are served as one exposition; each family lives in exactly one of them.
 */
export class OpsServer {
  private readonly server: Server;
  /** Each readiness check as a gauge, so an alert can name the dependency that went away. */
  private readonly checks = new Registry();

  constructor(
    private readonly options: OpsServerOptions,
    registries: Registry[],
    readiness: ReadinessCheck,
  ) {
    // Probed at scrape time, through the readiness cache: nothing else may probe (compose has no
    // kubelet), and a scrape storm still costs each dependency one call per cache period.
    new Gauge({
      name: 'acs_readiness_check_up',
      help:
        '1 when the readiness check answered at the scrape, 0 when it failed or timed out: each ' +
        "dependency (kafka, redis, mongodb, store) and the gateway's 'accepting' (0 while draining)",
      labelNames: ['check'] as const,
      registers: [this.checks],
      async collect() {
        for (const [check, up] of Object.entries(await readiness()))
          this.set({ check }, up ? 1 : 0);
      },
    });
    const served = [...registries, this.checks];
    this.server = createServer((req, res) => {
      void (async () => {
        try {
          if (req.url === '/healthz') {
            res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
          } else if (req.url === '/readyz') {
            const checks = await readiness();
            const failed = Object.keys(checks).filter((name) => !checks[name]);
            const ready = failed.length === 0;
            res
              .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
              .end(JSON.stringify({ ready, checks, ...(ready ? {} : { failed }) }));
          } else if (req.url === '/metrics') {
            const text = (await Promise.all(served.map((r) => r.metrics()))).join('\n');
            res.writeHead(200, { 'content-type': this.checks.contentType }).end(text);
          } else {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          }
        } catch (error) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`);
        }
      })();
    });
  }

  /** Resolves with the port actually bound (useful with port 0 in tests). */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
