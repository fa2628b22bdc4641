import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'http';
import { createServer as createHttpsServer } from 'https';
import type { AddressInfo } from 'net';
import { TLSSocket } from 'tls';
import { GatewayError } from '../errors/gateway-error';
import { toHttpAnswer } from '../errors/to-http-answer';
import { CwmpHttpRequest, HttpAnswer, textAnswer } from './http-answer';
import { BodyEncoding, bodyEncodingOf, encodeBody, readRequestBody } from './request-body';

export interface CwmpHttpServerOptions {
  port: number;
  host: string;
  tls?: { cert: Buffer; key: Buffer };
  bodyLimitBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  clientAddressHeader?: string;
}

export interface CwmpHttpHandlers {
  handle(request: CwmpHttpRequest): Promise<HttpAnswer>;
  /** For `Expect: 100-continue`: a refusal sent before the body is read, or null to go on. */
  refuseBeforeBody(headers: IncomingMessage['headers']): HttpAnswer | null;
  onResponse(status: number): void;
  onError(error: unknown): void;
}

/**
 * The CPE-facing HTTP(S) transport on plain node:http (chosen by measurement, see
 * docs/architecture.md): framing, timeouts, compression and draining; the session logic is
 * behind `handlers.handle`.
 */
export class CwmpHttpServer {
  private readonly server: Server;
  private inFlight = 0;
  private draining = false;

  constructor(
    private readonly options: CwmpHttpServerOptions,
    private readonly handlers: CwmpHttpHandlers,
  ) {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.serve(req, res);
    this.server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
      : createHttpServer(listener);
    // Slow or silent clients: headers, whole request, and idle keep-alive connections are bounded.
    this.server.headersTimeout = options.headersTimeoutMs;
    this.server.requestTimeout = options.requestTimeoutMs;
    this.server.keepAliveTimeout = options.keepAliveTimeoutMs;
    this.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      const refusal = this.handlers.refuseBeforeBody(req.headers);
      if (refusal)
        return void this.send(
          res,
          { ...refusal, headers: { ...refusal.headers, connection: 'close' } },
          null,
        );
      res.writeContinue();
      void this.serve(req, res);
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * Stops accepting connections, lets requests in flight finish (their sessions live on in the
   * session store and can continue on another pod), and cuts what is left after `graceMs`.
   */
  async close(graceMs: number): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      this.server.closeIdleConnections();
    }
    this.server.closeAllConnections();
    await closed;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    let encoding: BodyEncoding = null;
    try {
      if (req.method !== 'POST') throw new GatewayError('METHOD_NOT_ALLOWED', 'CWMP uses POST');
      encoding = bodyEncodingOf(req.headers['content-encoding']);
      const body = await readRequestBody(req, encoding, this.options.bodyLimitBytes);
      const answer = await this.handlers.handle({
        body,
        contentType: req.headers['content-type'],
        cookieHeader: req.headers.cookie,
        authorization: req.headers.authorization,
        method: req.method,
        uri: req.url ?? '/',
        remoteAddress: this.clientAddress(req),
        secure: req.socket instanceof TLSSocket,
      });
      await this.send(res, answer, encoding);
    } catch (error) {
      if (error instanceof GatewayError) {
        const answer = toHttpAnswer(error);
        // The rest of an oversized body is not worth reading: close the connection instead.
        if (error.code === 'BODY_TOO_LARGE') answer.headers['connection'] = 'close';
        await this.send(res, answer, null);
      } else {
        this.handlers.onError(error);
        await this.send(res, textAnswer(500, 'internal error'), null);
      }
    } finally {
      this.inFlight--;
    }
  }

  private async send(
    res: ServerResponse,
    answer: HttpAnswer,
    encoding: BodyEncoding,
  ): Promise<void> {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | string[] | number> = { ...answer.headers };
    let body: Buffer | null = answer.body === null ? null : Buffer.from(answer.body, 'utf8');
    if (body && encoding) {
      body = await encodeBody(body, encoding);
      headers['content-encoding'] = encoding;
    }
    if (answer.status !== 204) headers['content-length'] = body ? body.length : 0;
    if (this.draining) headers['connection'] = 'close';
    res.writeHead(answer.status, headers);
    res.end(body ?? undefined);
    this.handlers.onResponse(answer.status);
  }

  private clientAddress(req: IncomingMessage): string {
    const header = this.options.clientAddressHeader;
    const forwarded = header ? req.headers[header.toLowerCase()] : undefined;
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    return first || req.socket.remoteAddress || 'unknown';
  }
}
