/**
 * The four servers compared by bench:http-adapters. Each answers POST / with cwmpReply() on the raw
 * request bytes; they differ only in what carries the request from the socket to that function.
 */
import 'reflect-metadata';
import { Controller, Injectable, Module, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createServer, IncomingMessage, RequestListener, Server } from 'http';
import { AddressInfo } from 'net';
import {
  BODY_LIMIT_BYTES,
  BodyTooLargeError,
  cwmpReply,
  CwmpReply,
  readRawBody,
} from './cwmp-exchange';

export const SERVER_KINDS = [
  'nest-express',
  'nest-fastify',
  'nest-context-node-http',
  'node-http',
] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** The part of Express's response the controller uses (the workspace has no @types/express). */
interface ExpressResponse {
  status(code: number): ExpressResponse;
  set(headers: Record<string, string>): ExpressResponse;
  send(body: Buffer): ExpressResponse;
  end(): ExpressResponse;
}

@Controller()
class ExpressCwmpController {
  /** `useBodyParser('raw')` below leaves the body's bytes in `request.body`, inflated if gzip/deflate. */
  @Post()
  exchange(
    @Req() request: IncomingMessage & { body?: unknown },
    @Res() response: ExpressResponse,
  ): void {
    const reply = cwmpReply(Buffer.isBuffer(request.body) ? request.body : undefined);
    response.status(reply.status).set(reply.headers);
    if (reply.body) response.send(reply.body);
    else response.end();
  }
}

@Module({ controllers: [ExpressCwmpController] })
class ExpressCwmpModule {}

@Controller()
class FastifyCwmpController {
  /** The catch-all content-type parser below leaves the body's bytes in `request.body`. */
  @Post()
  exchange(@Req() request: FastifyRequest, @Res() response: FastifyReply): void {
    const reply = cwmpReply(Buffer.isBuffer(request.body) ? request.body : undefined);
    void response.code(reply.status).headers(reply.headers).send(reply.body);
  }
}

@Module({ controllers: [FastifyCwmpController] })
class FastifyCwmpModule {}

/** The CWMP exchange as a Nest provider, so the node:http handler reaches it through DI. */
@Injectable()
class CwmpExchange {
  reply(body: Buffer): CwmpReply {
    return cwmpReply(body);
  }
}

@Module({ providers: [CwmpExchange] })
class CwmpContextModule {}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** A node:http request listener around `reply`: POST / only, raw body read from the stream. */
function nodeHandler(reply: (body: Buffer) => CwmpReply): RequestListener {
  return (request, response) => {
    if (request.method !== 'POST' || request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    readRawBody(request).then(
      (body) => {
        const answer = reply(body);
        response.writeHead(answer.status, answer.headers).end(answer.body);
      },
      (error: unknown) => {
        const status = error instanceof BodyTooLargeError ? 413 : 400;
        response.writeHead(status, { connection: 'close' }).end();
      },
    );
  };
}

async function listenNode(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return portOf(server);
}

function closeNode(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function startNestExpress(): Promise<RunningServer> {
  const app = await NestFactory.create<NestExpressApplication>(
    ExpressCwmpModule,
    new ExpressAdapter(),
    {
      bodyParser: false, // no JSON/urlencoded parsing: CWMP bodies are XML in any charset
      logger: false,
    },
  );
  // express.raw for every content type: bytes in req.body, chunked and gzip/deflate undone.
  app.useBodyParser('raw', { type: () => true, limit: BODY_LIMIT_BYTES });
  app.set('etag', false); // a SOAP reply is never revalidated; Express would hash every body
  app.disable('x-powered-by');
  await app.listen(0, '127.0.0.1');
  return { port: portOf(app.getHttpServer()), close: () => app.close() };
}

async function startNestFastify(): Promise<RunningServer> {
  const app = await NestFactory.create<NestFastifyApplication>(
    FastifyCwmpModule,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    { bodyParser: false, logger: false },
  );
  // One parser for '*': Fastify hands it the whole body as a Buffer (chunked undone, no inflate).
  app.useBodyParser('*', { bodyLimit: BODY_LIMIT_BYTES });
  await app.listen(0, '127.0.0.1');
  return { port: portOf(app.getHttpServer()), close: () => app.close() };
}

async function startNestContextNodeHttp(): Promise<RunningServer> {
  const context = await NestFactory.createApplicationContext(CwmpContextModule, { logger: false });
  const exchange = context.get(CwmpExchange);
  const server = createServer(nodeHandler((body) => exchange.reply(body)));
  const port = await listenNode(server);
  return {
    port,
    close: async () => {
      await closeNode(server);
      await context.close();
    },
  };
}

async function startNodeHttp(): Promise<RunningServer> {
  const server = createServer(nodeHandler(cwmpReply));
  const port = await listenNode(server);
  return { port, close: () => closeNode(server) };
}

export function startServer(kind: ServerKind): Promise<RunningServer> {
  switch (kind) {
    case 'nest-express':
      return startNestExpress();
    case 'nest-fastify':
      return startNestFastify();
    case 'nest-context-node-http':
      return startNestContextNodeHttp();
    case 'node-http':
      return startNodeHttp();
  }
}
