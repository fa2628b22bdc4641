import dgram from 'node:dgram';
import {
  answerBindingRequest,
  BindingRequestSeen,
  bindingRequestSeen,
  transportAddressOf,
} from './binding';
import type { UdpSender } from '../udp/udp-connection-requester';
import { decodeStunMessage, STUN_TYPE } from './stun-message';

export const DEFAULT_STUN_PORT = 3478;

export interface StunServerOptions {
  /** UDP port; default 3478. 0 picks a free one (tests). */
  port?: number;
  /**
   * Address to bind: `0.0.0.0` (default, IPv4), `::` (IPv6 and, dual-stack, IPv4 too), or one
   * address.
   */
  host?: string;
  /** Called for each Binding request answered (TR-111: USERNAME, BINDING-CHANGE, the binding). */
  onBindingRequest?: (seen: BindingRequestSeen) => void;
}

/**
 * The STUN binding server TR-111 CPEs keep their NAT binding with: answers Binding requests
 * (RFC 5389 and RFC 3489 clients) with the address they came from. Anything else, malformed or
 * not STUN at all, is dropped without an answer, as RFC 5389 section 7.3 asks.
 */
export class StunServer implements UdpSender {
  private socket: dgram.Socket | undefined;

  constructor(private readonly options: StunServerOptions = {}) {}

  async start(): Promise<void> {
    if (this.socket) throw new Error('STUN server already started');
    const host = this.options.host ?? '0.0.0.0';
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    socket.on('message', (datagram, remote) => this.onDatagram(socket, datagram, remote));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? DEFAULT_STUN_PORT, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // A send error (an ICMP-unreachable client) must not crash the process: log-free drop.
    socket.on('error', () => undefined);
    this.socket = socket;
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  /** The bound address (port 0 resolved). */
  address(): { address: string; port: number } {
    if (!this.socket) throw new Error('STUN server not started');
    const { address, port } = this.socket.address();
    return { address, port };
  }

  /**
   * Sends a datagram from the server's own address and port: TR-111 UDP connection requests must
   * leave from there, the only source the CPE's NAT binding is known to let through.
   */
  send(datagram: Buffer, port: number, host: string): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('STUN server not started'));
    return new Promise((resolve, reject) =>
      socket.send(datagram, port, host, (error) => (error ? reject(error) : resolve())),
    );
  }

  private onDatagram(socket: dgram.Socket, datagram: Buffer, remote: dgram.RemoteInfo): void {
    const decoded = decodeStunMessage(datagram);
    if (!decoded.ok || decoded.message.type !== STUN_TYPE.bindingRequest) return;
    const source = transportAddressOf(remote.address, remote.port);
    const local = socket.address();
    const answer = answerBindingRequest(
      decoded.message,
      source,
      transportAddressOf(local.address, local.port),
    );
    if (!answer) return;
    socket.send(answer, remote.port, remote.address);
    this.options.onBindingRequest?.(bindingRequestSeen(decoded.message, source));
  }
}
