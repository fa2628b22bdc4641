import http from 'node:http';
import https from 'node:https';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface TlsOptions {
  ca?: string | Buffer;
  rejectUnauthorized?: boolean;
}

/**
 * One CPE's HTTP connection for one session: a keep-alive agent with a single socket, so every
 * request of the session rides the same TCP connection until `reconnect()` or `close()`.
 */
export class SessionConnection {
  private agent: http.Agent;

  constructor(
    private readonly url: URL,
    private readonly timeoutMs: number,
    private readonly tls: TlsOptions = {},
  ) {
    this.agent = this.newAgent();
  }

  private newAgent(): http.Agent {
    const options = { keepAlive: true, maxSockets: 1 };
    return this.url.protocol === 'https:'
      ? new https.Agent({ ...options, ...this.tls })
      : new http.Agent(options);
  }

  /** Drops the current TCP connection; the next request opens a new one. */
  reconnect(): void {
    this.agent.destroy();
    this.agent = this.newAgent();
  }

  close(): void {
    this.agent.destroy();
  }

  post(body: Buffer, headers: Record<string, string>, chunked: boolean): Promise<HttpReply> {
    const outgoing: Record<string, string> = { ...headers };
    if (!chunked) outgoing['Content-Length'] = String(body.length);
    return request(
      this.url,
      { method: 'POST', headers: outgoing, agent: this.agent, timeoutMs: this.timeoutMs },
      body,
    );
  }
}

export interface RequestOptions {
  method: string;
  headers: Record<string, string>;
  agent?: http.Agent | false;
  timeoutMs: number;
  tls?: TlsOptions;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly reason: 'timeout' | 'network',
    message: string,
  ) {
    super(message);
  }
}

/** One HTTP(S) exchange, body read whole. Rejects with TransportError on timeouts and socket errors. */
export function request(url: URL, options: RequestOptions, body?: Buffer): Promise<HttpReply> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: options.method,
        headers: options.headers,
        agent: options.agent,
        ...(options.tls ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (error) => reject(new TransportError('network', error.message)));
      },
    );
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(new TransportError('timeout', `no answer within ${options.timeoutMs} ms`)),
    );
    req.on('error', (error) =>
      reject(
        error instanceof TransportError ? error : new TransportError('network', error.message),
      ),
    );
    if (body !== undefined && body.length > 0) {
      // Written in two pieces when chunked, so the encoding is visible even for small bodies.
      const half = Math.ceil(body.length / 2);
      req.write(body.subarray(0, half));
      req.end(body.subarray(half));
    } else req.end();
  });
}
