import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { RequesterResult } from '../outcome';
import { parseUdpAddress, UdpAddress, UdpRequestError, UdpRequestSigner } from './udp-request';

/** Sends datagrams; a StunServer is one, so requests leave from the address CPEs keep bound. */
export interface UdpSender {
  send(datagram: Buffer, port: number, host: string): Promise<void>;
}

export interface UdpConnectionRequesterOptions {
  /** How many copies of each request (same id); UDP may lose some. Default 3. */
  copies?: number;
  /** Pause between copies; default 50 ms. */
  spacingMs?: number;
  /**
   * Where datagrams leave from. TR-111 wants the STUN server's address and port, the only source
   * a port-restricted NAT lets through; by default the requester's own socket.
   */
  sender?: UdpSender;
}

export interface UdpConnectionRequestTarget {
  /** UDPConnectionRequestAddress as the CPE reports it. */
  address: string;
  username?: string;
  password?: string;
}

/**
 * The TR-069 Annex G (TR-111) UDP connection request. Fire and forget: `sent` is all it can
 * know; the device's Inform is the proof it arrived.
 */
export class UdpConnectionRequester {
  private readonly signer = new UdpRequestSigner();
  private readonly copies: number;
  private readonly spacingMs: number;
  private readonly ownSockets = new Map<'udp4' | 'udp6', dgram.Socket>();

  constructor(private readonly options: UdpConnectionRequesterOptions = {}) {
    this.copies = options.copies ?? 3;
    this.spacingMs = options.spacingMs ?? 50;
    if (!Number.isInteger(this.copies) || this.copies < 1) {
      throw new RangeError('copies must be a positive integer');
    }
    if (!(this.spacingMs >= 0)) throw new RangeError('spacingMs must not be negative');
  }

  async request(target: UdpConnectionRequestTarget): Promise<RequesterResult> {
    let address: UdpAddress;
    let datagram: Buffer;
    try {
      address = parseUdpAddress(target.address);
      ({ datagram } = this.signer.sign(address, target.username ?? '', target.password ?? ''));
    } catch (error) {
      if (error instanceof UdpRequestError) return { outcome: 'failed', detail: error.message };
      throw error;
    }
    const sender = this.options.sender ?? this.ownSender(address.host);
    let sent = 0;
    let lastError = '';
    for (let copy = 0; copy < this.copies; copy++) {
      if (copy > 0) await new Promise((resolve) => setTimeout(resolve, this.spacingMs));
      try {
        await sender.send(datagram, address.port, address.host);
        sent++;
      } catch (error) {
        lastError = (error as { code?: string }).code ?? String(error);
      }
    }
    if (sent === 0) return { outcome: 'unreachable', detail: lastError };
    return { outcome: 'sent', detail: `${sent} of ${this.copies} copies` };
  }

  /** Closes the requester's own sockets (not a sender given in the options). */
  async close(): Promise<void> {
    const sockets = [...this.ownSockets.values()];
    this.ownSockets.clear();
    await Promise.all(
      sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))),
    );
  }

  private ownSender(host: string): UdpSender {
    const type = isIPv6(host) ? 'udp6' : 'udp4';
    let socket = this.ownSockets.get(type);
    if (!socket) {
      const created = dgram.createSocket(type);
      // Errors reach each send's callback; an unhandled 'error' event must not crash the process.
      created.on('error', () => undefined);
      created.unref();
      this.ownSockets.set(type, created);
      socket = created;
    }
    const bound = socket;
    return {
      send: (datagram, port, target) =>
        new Promise((resolve, reject) =>
          bound.send(datagram, port, target, (error) => (error ? reject(error) : resolve())),
        ),
    };
  }
}
