import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulatedFirmwareImage } from '@acs/cpe-simulator';

/** A file server for Download and Upload tasks: serves one firmware file, keeps what is PUT. */
export class TestFileServer {
  readonly uploads = new Map<string, Buffer>();
  /** Paths answered 404 for now, as a file not yet published (a download that fails, then not). */
  readonly unavailable = new Set<string>();
  private readonly server: Server;

  // An image the simulated CPEs accept: they read its version from its header, as real ones do.
  constructor(readonly firmware = simulatedFirmwareImage({ version: '1.2.3', size: 1344 })) {
    this.server = createServer((request, response) => {
      const available = !this.unavailable.has(request.url ?? '');
      if (request.method === 'GET' && request.url === '/firmware.bin' && available) {
        response.writeHead(200, { 'content-length': this.firmware.length });
        response.end(this.firmware);
        return;
      }
      if (request.method === 'PUT' || request.method === 'POST') {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          this.uploads.set(request.url ?? '/', Buffer.concat(chunks));
          response.writeHead(200).end();
        });
        return;
      }
      response.writeHead(404).end();
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
