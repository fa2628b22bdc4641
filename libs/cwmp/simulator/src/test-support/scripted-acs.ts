import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { decodeEnvelope, encodeEnvelope } from '@acs/cwmp-codec';
import type { CwmpMessage, Envelope, SoapHeader } from '@acs/cwmp-codec';

/** One HTTP request the ACS received, as it came off the wire. */
export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** The decoded envelope, or undefined for an empty body. */
  envelope: Envelope | undefined;
  /** Remote port of the TCP connection: tells connections apart. */
  remotePort: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

export type Script = (request: Received, acs: ScriptedAcs) => Reply | Promise<Reply>;

/**
 * The ACS side of the session tests, until the gateway exists: a real node:http server that
 * decodes what the simulator sends with the project's codec and answers as the test scripts it.
 */
export class ScriptedAcs {
  readonly received: Received[] = [];
  private server: http.Server | undefined;
  private readonly waiters: {
    predicate: (r: Received) => boolean;
    resolve: (r: Received) => void;
  }[] = [];

  constructor(
    private readonly script: Script,
    /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
    private readonly tls?: { key: string; cert: string },
  ) {}

  async start(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const charset = /charset="?([^";]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
        let envelope: Envelope | undefined;
        if (raw.toString('latin1').trim() !== '' && req.method === 'POST') {
          const decoded = decodeEnvelope(raw, { from: 'cpe', ...(charset ? { charset } : {}) });
          if (!decoded.ok) {
            res.writeHead(400).end(decoded.error.message);
            return;
          }
          envelope = decoded.value;
        }
        const received: Received = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          raw,
          envelope,
          remotePort: req.socket.remotePort ?? 0,
        };
        this.received.push(received);
        for (const waiter of [...this.waiters]) {
          if (waiter.predicate(received)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(received);
          }
        }
        Promise.resolve(this.script(received, this))
          .then((reply) => {
            res.writeHead(reply.status ?? 200, reply.headers ?? {});
            res.end(reply.body ?? '');
          })
          .catch((error: unknown) => res.writeHead(500).end(String(error)));
      });
    };
    const server = this.tls ? https.createServer(this.tls, handler) : http.createServer(handler);
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `${this.baseUrl}/acs`;
  }

  get baseUrl(): string {
    const scheme = this.tls ? 'https' : 'http';
    return `${scheme}://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Resolves with the first request (already received or not) that matches, or rejects at the deadline. */
  waitFor(predicate: (request: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
    const already = this.received.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('ScriptedAcs: awaited request never came')),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (request) => {
          clearTimeout(timer);
          resolve(request);
        },
      });
    });
  }

  /** The CWMP messages received so far, by type. */
  messages(): CwmpMessage[] {
    return this.received.flatMap((request) => (request.envelope ? [request.envelope.message] : []));
  }
}

/** An ACS envelope as the test ACS answers it. */
export function soap(
  message: CwmpMessage,
  header: SoapHeader = {},
  namespace = 'urn:dslforum-org:cwmp-1-2',
): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml; charset="utf-8"' },
    body: encodeEnvelope({ namespace, header, message }),
  };
}

export const END_SESSION: Reply = { status: 204 };

/** The message type of a request, `empty` for an empty POST. */
export function typeOf(request: Received): string {
  return request.envelope?.message.type ?? 'empty';
}

export interface QueueScriptOptions {
  /** Extra headers on the InformResponse (e.g. Set-Cookie). */
  informHeaders?: Record<string, string | string[]>;
  /** SOAP header of each RPC the ACS sends (HoldRequests). */
  rpcHeader?: (index: number) => SoapHeader;
  informSoapHeader?: SoapHeader;
}

/**
 * The usual ACS: InformResponse to an Inform, the matching response to the CPE's own requests,
 * then the given RPCs one by one (each after the CPE's empty POST or previous answer), then 204.
 */
export function queueScript(rpcs: CwmpMessage[], options: QueueScriptOptions = {}): Script {
  let next = 0;
  return (request) => {
    const message = request.envelope?.message;
    if (message?.type === 'Inform') {
      next = 0;
      const reply = soap(
        { type: 'InformResponse', maxEnvelopes: 1 },
        { id: request.envelope?.header.id ?? '', ...options.informSoapHeader },
      );
      return { ...reply, headers: { ...reply.headers, ...options.informHeaders } };
    }
    if (message?.type === 'TransferComplete' || message?.type === 'DUStateChangeComplete') {
      return soap({ type: `${message.type}Response` } as CwmpMessage, {
        id: request.envelope?.header.id ?? '',
      });
    }
    const rpc = rpcs[next];
    if (!rpc) return END_SESSION;
    const index = next++;
    return soap(rpc, { id: `rpc-${index}`, ...options.rpcHeader?.(index) });
  };
}
