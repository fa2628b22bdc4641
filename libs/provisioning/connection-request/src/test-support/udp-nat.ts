import dgram from 'node:dgram';

/**
 * A one-destination full-cone NAT on loopback, enough to put a simulated CPE "behind NAT": the
 * CPE sends to `insidePort` (its STUN server address), the NAT forwards from its public socket to
 * the real STUN server, so the server sees the public port, not the CPE's. Whatever reaches the
 * public socket (the STUN answer, a UDP connection request) goes back to the CPE.
 */
export class UdpNat {
  private readonly inside = dgram.createSocket('udp4');
  private readonly outside = dgram.createSocket('udp4');
  private cpe: { port: number; address: string } | undefined;

  constructor(private readonly destination: { address: string; port: number }) {
    this.inside.on('message', (datagram, remote) => {
      this.cpe = { port: remote.port, address: remote.address };
      this.outside.send(datagram, destination.port, destination.address);
    });
    this.outside.on('message', (datagram) => {
      if (this.cpe) this.inside.send(datagram, this.cpe.port, this.cpe.address);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.inside.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => this.outside.bind(0, '127.0.0.1', resolve));
  }

  get insidePort(): number {
    return this.inside.address().port;
  }

  /** The address the world sees the CPE at. */
  get publicAddress(): string {
    return `127.0.0.1:${this.outside.address().port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.inside.close(() => resolve()));
    await new Promise<void>((resolve) => this.outside.close(() => resolve()));
  }
}
