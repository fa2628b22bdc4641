import { randomBytes } from 'node:crypto';
import type { SimulatedDevice } from '../runtime/simulated-device';

/*
 * The CPE side of TR-111 Annex G: Binding requests from the connection-request UDP socket to the
 * STUN server, keeping the NAT binding open and learning its public address. The few bytes of
 * STUN it needs are written here rather than taken from the ACS's STUN library, so the simulator
 * stays a second, independent reading of RFC 5389 to test that library against.
 */

const MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;
const MAPPED_ADDRESS = 0x0001;
const XOR_MAPPED_ADDRESS = 0x0020;
/** TR-111: marks the binding used for UDP connection requests; value "dslforum.org/TR-111 ". */
const CONNECTION_REQUEST_BINDING = 0xc001;
/** TR-111: the binding changed since the previous request. */
const BINDING_CHANGE = 0xc002;

/** An RFC 5389 Binding request carrying TR-111's CONNECTION-REQUEST-BINDING (and BINDING-CHANGE). */
export function bindingRequest(transactionId: Buffer, bindingChanged: boolean): Buffer {
  const tag = Buffer.from('dslforum.org/TR-111 ', 'ascii'); // 20 bytes: no padding needed
  const attributes = [attribute(CONNECTION_REQUEST_BINDING, tag)];
  if (bindingChanged) attributes.push(attribute(BINDING_CHANGE, Buffer.alloc(0)));
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(BINDING_REQUEST, 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  return Buffer.concat([header, body]);
}

/** Looks like STUN (first two bits 0, magic cookie), not a `GET ...` connection request. */
export function isStunDatagram(datagram: Buffer): boolean {
  return (
    datagram.length >= 20 &&
    (datagram[0] ?? 0xff) < 0x40 &&
    datagram.readUInt32BE(4) === MAGIC_COOKIE
  );
}

/** The transaction id and mapped `host:port` of a Binding success response, if it is one. */
export function readBindingResponse(
  datagram: Buffer,
): { transactionId: string; mapped: string } | undefined {
  if (!isStunDatagram(datagram) || datagram.readUInt16BE(0) !== BINDING_SUCCESS) return undefined;
  const transactionId = datagram.subarray(8, 20);
  let xor: string | undefined;
  let plain: string | undefined;
  for (let offset = 20; offset + 4 <= datagram.length; ) {
    const type = datagram.readUInt16BE(offset);
    const length = datagram.readUInt16BE(offset + 2);
    const value = datagram.subarray(offset + 4, offset + 4 + length);
    if (value.length !== length) return undefined;
    if (type === XOR_MAPPED_ADDRESS) xor = readAddress(unXor(value, transactionId));
    if (type === MAPPED_ADDRESS) plain = readAddress(value);
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  const mapped = xor ?? plain;
  return mapped ? { transactionId: transactionId.toString('hex'), mapped } : undefined;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function unXor(value: Buffer, transactionId: Buffer): Buffer {
  const mask = Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), transactionId]);
  const out = Buffer.from(value);
  for (let i = 2; i < out.length; i++)
    out[i] = (value[i] ?? 0) ^ (mask[i < 4 ? i - 2 : i - 4] ?? 0);
  return out;
}

/** `a.b.c.d:port` or `[v6]:port` (the form UDPConnectionRequestAddress takes). */
function readAddress(value: Buffer): string | undefined {
  const family = value[1];
  const port = value.length >= 4 ? value.readUInt16BE(2) : 0;
  if (family === 0x01 && value.length === 8) return `${[...value.subarray(4)].join('.')}:${port}`;
  if (family === 0x02 && value.length === 20) {
    const groups: string[] = [];
    for (let i = 4; i < 20; i += 2) groups.push(value.readUInt16BE(i).toString(16));
    return `[${groups.join(':')}]:${port}`;
  }
  return undefined;
}

interface Binding {
  server: string;
  timer: NodeJS.Timeout;
  pending: string | undefined;
  changed: boolean;
}

/**
 * STUN for every device of a simulator, over the one UDP socket they share for connection
 * requests: each device with STUNEnable keeps sending Binding requests to its STUN server every
 * `keepAliveMs`; a response whose mapped address differs from UDPConnectionRequestAddress
 * updates it (a local change: `4 VALUE CHANGE` when the ACS set notification on it).
 */
export class StunBindings {
  private readonly bindings = new Map<SimulatedDevice, Binding>();
  private readonly byTransaction = new Map<string, SimulatedDevice>();
  private stopped = false;

  constructor(
    private readonly send: (datagram: Buffer, port: number, host: string) => void,
    /** The socket's own address: a mapped address equal to it means no NAT. */
    private readonly localAddress: () => string,
    private readonly keepAliveMs: number,
  ) {}

  /** Starts, restarts or stops the device's bindings after its STUN parameters may have changed. */
  sync(device: SimulatedDevice): void {
    // Sessions that end while the simulator stops must not start bindings on a closing socket.
    if (this.stopped) return;
    const root = device.state.profile.root.name;
    const value = (name: string) => device.parameter(`${root}.ManagementServer.${name}`)?.value;
    const enabled = value('STUNEnable') === true;
    // TR-111: with no STUNServerAddress, the ACS URL's host is the STUN server.
    const host = String(value('STUNServerAddress') ?? '') || hostOf(String(value('URL') ?? ''));
    const port = Number(value('STUNServerPort') ?? 3478);
    const server = `${host}|${port}`;
    const current = this.bindings.get(device);
    if (current && (!enabled || current.server !== server)) this.drop(device, current);
    if (!enabled || !host || (current && current.server === server)) return;
    const binding: Binding = {
      server,
      timer: setInterval(() => this.request(device, binding, host, port), this.keepAliveMs),
      pending: undefined,
      changed: false,
    };
    binding.timer.unref();
    this.bindings.set(device, binding);
    this.request(device, binding, host, port);
  }

  /** A STUN datagram arrived on the shared socket: route the answer to the device that asked. */
  onDatagram(datagram: Buffer): void {
    const response = readBindingResponse(datagram);
    if (!response) return;
    const device = this.byTransaction.get(response.transactionId);
    const binding = device && this.bindings.get(device);
    if (!device || !binding || binding.pending !== response.transactionId) return;
    this.byTransaction.delete(response.transactionId);
    binding.pending = undefined;
    if (device.learnUdpBinding(response.mapped, response.mapped !== this.localAddress())) {
      binding.changed = true; // said once, in the next Binding request
    }
  }

  stop(): void {
    this.stopped = true;
    for (const [device, binding] of this.bindings) this.drop(device, binding);
  }

  private request(device: SimulatedDevice, binding: Binding, host: string, port: number): void {
    if (binding.pending) this.byTransaction.delete(binding.pending);
    const transactionId = randomBytes(12);
    binding.pending = transactionId.toString('hex');
    this.byTransaction.set(binding.pending, device);
    this.send(bindingRequest(transactionId, binding.changed), port, host);
    binding.changed = false;
  }

  private drop(device: SimulatedDevice, binding: Binding): void {
    clearInterval(binding.timer);
    if (binding.pending) this.byTransaction.delete(binding.pending);
    this.bindings.delete(device);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}
