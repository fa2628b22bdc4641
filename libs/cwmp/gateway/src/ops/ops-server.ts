import { createServer, Server } from 'http';
import type { AddressInfo } from 'net';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<Record<string, boolean>>;

/**
 * Liveness, readiness and metrics on their own port, away from the CPE-facing one: CPEs on the
 * internet have no business reading the pod's metrics.
 */
export class OpsServer {
  private readonly server: Server;

  constructor(
    private readonly options: { port: number; host: string },
    registries: Registry[],
    readiness: ReadinessCheck,
  ) {
    this.server = createServer((req, res) => {
      void (async () => {
        try {
          if (req.url === '/healthz') {
            res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
          } else if (req.url === '/readyz') {
            const checks = await readiness();
            const ready = Object.values(checks).every(Boolean);
            res
              .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
              .end(JSON.stringify({ ready, checks }));
          } else if (req.url === '/metrics') {
            const text = (await Promise.all(registries.map((r) => r.metrics()))).join('\n');
            res
              .writeHead(200, { 'content-type': registries[0]?.contentType ?? 'text/plain' })
              .end(text);
          } else {
            res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          }
        } catch (error) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`);
        }
      })();
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
