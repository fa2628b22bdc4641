import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import type { SimulatedDevice } from '../runtime/simulated-device';
import { verifyDigest } from '../cpe-session/digest';
import { isStunDatagram } from './stun-client';
import { parseUdpRequest, ReplayGuard, signatureValid } from './udp-request';

const REALM = 'cpe-sim';
const NONCE_LIFETIME_MS = 5 * 60_000;

export interface ConnectionRequestListen {
  host: string;
  httpPort?: number;
  udpPort?: number;
}

/**
 * Connection requests for every device of a simulator, on one HTTP port and one UDP port:
 * - HTTP GET `/cr/<serial>` with Digest auth against the device's ConnectionRequestUsername and
 *   ConnectionRequestPassword: 200 and a session with `6 CONNECTION REQUEST`; 503 while the device
 *   is in a session; 401 with a fresh challenge otherwise.
 * - UDP (TR-111 Annex G): the datagram's `un` picks the device; signature and replay checked;
 *   anything that fails is dropped silently, as the annex requires.
 */
export class ConnectionRequestServer {
  private readonly http: http.Server;
  private readonly udp: dgram.Socket;
  private readonly nonces = new Map<string, number>();
  private readonly replayGuards = new Map<string, ReplayGuard>();
  /** STUN answers arrive on the connection-request socket too (TR-111): they go here. */
  onStunDatagram: ((datagram: Buffer) => void) | undefined;

  constructor(
    private readonly listen: ConnectionRequestListen,
    private readonly findDevice: (serial: string) => SimulatedDevice | undefined,
  ) {
    this.http = http.createServer((req, res) => this.onHttp(req, res));
    this.udp = dgram.createSocket(listen.host.includes(':') ? 'udp6' : 'udp4');
    this.udp.on('message', (message) => this.onUdp(message));
    // A Binding request to an unreachable STUN server comes back as an error: not fatal.
    this.udp.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.http.listen(this.listen.httpPort ?? 0, this.listen.host, resolve),
    );
    await new Promise<void>((resolve) =>
      this.udp.bind(this.listen.udpPort ?? 0, this.listen.host, resolve),
    );
  }

  async stop(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await new Promise<void>((resolve) => this.udp.close(resolve));
  }

  httpUrl(serial: string): string {
    const { port } = this.http.address() as AddressInfo;
    return `http://${this.hostForUrl()}:${port}/cr/${encodeURIComponent(serial)}`;
  }

  udpAddress(): string {
    return `${this.hostForUrl()}:${this.udp.address().port}`;
  }

  /** Sends from the UDP connection-request socket (STUN Binding requests keep its NAT binding). */
  sendUdp(datagram: Buffer, port: number, host: string): void {
    this.udp.send(datagram, port, host);
  }

  private hostForUrl(): string {
    return this.listen.host.includes(':') ? `[${this.listen.host}]` : this.listen.host;
  }

  private credentials(device: SimulatedDevice): { username: string; password: string } {
    const paths = device.state.profile.paths;
    return {
      username: String(device.parameter(paths.connectionRequestUsername)?.value ?? ''),
      password: String(device.parameter(paths.connectionRequestPassword)?.value ?? ''),
    };
  }

  private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const match = /^\/cr\/([^/?]+)/.exec(req.url ?? '');
    const device = match ? this.findDevice(decodeURIComponent(match[1] as string)) : undefined;
    if (req.method !== 'GET' || !device) {
      res.writeHead(404).end();
      return;
    }
    const now = Date.now();
    const valid = verifyDigest(req.headers.authorization, 'GET', {
      ...this.credentials(device),
      realm: REALM,
      nonceValid: (nonce) => (this.nonces.get(nonce) ?? 0) > now,
    });
    if (!valid) {
      for (const [nonce, expiry] of this.nonces) if (expiry <= now) this.nonces.delete(nonce);
      const nonce = randomBytes(16).toString('hex');
      this.nonces.set(nonce, now + NONCE_LIFETIME_MS);
      res
        .writeHead(401, {
          'WWW-Authenticate': `Digest realm="${REALM}", qop="auth", nonce="${nonce}", algorithm=MD5`,
        })
        .end();
      return;
    }
    if (device.sessionInProgress) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200).end();
    device.informNow('6 CONNECTION REQUEST');
  }

  private onUdp(message: Buffer): void {
    if (isStunDatagram(message)) {
      this.onStunDatagram?.(message);
      return;
    }
    const request = parseUdpRequest(message);
    if (!request) return;
    const device = this.deviceForUsername(request.un);
    if (!device || !signatureValid(this.credentials(device).password, request)) return;
    let guard = this.replayGuards.get(device.serial);
    if (!guard) {
      guard = new ReplayGuard();
      this.replayGuards.set(device.serial, guard);
    }
    if (!guard.accept(request)) return;
    device.informNow('6 CONNECTION REQUEST');
  }

  /** Devices are found by serial, which is their username unless the ACS changed it (then: dropped). */
  private deviceForUsername(username: string): SimulatedDevice | undefined {
    const bySerial = this.findDevice(username);
    if (bySerial && this.credentials(bySerial).username === username) return bySerial;
    return undefined;
  }
}
