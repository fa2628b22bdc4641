/**
 * Load generator for bench:http-adapters: N virtual CPEs, each on its own keep-alive connection,
 * running the CWMP periodic exchange back to back until a deadline: POST Inform -> 200 with a
 * session cookie, then an empty POST carrying that cookie -> 204. Every reply is checked; a wrong
 * one stops the run with an error, so a server that answers badly cannot post good figures.
 */
import { Agent, IncomingHttpHeaders, request } from 'http';

export interface LoadOptions {
  port: number;
  cpes: number;
  durationMs: number;
  informBody: Buffer;
  /** A request with no reply by then fails the run (the bench must end by itself). */
  requestTimeoutMs?: number;
}

export interface LoadResult {
  sessions: number;
  elapsedMs: number;
  /** Session latencies (Inform sent to 204 received), in milliseconds, sorted ascending. */
  latenciesMs: Float64Array;
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function post(
  agent: Agent,
  port: number,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', method: 'POST', agent, headers },
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
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no reply within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const INFORM_HEADERS = { 'content-type': 'text/xml; charset="utf-8"', soapaction: '' };
const EMPTY = Buffer.alloc(0);

function check(condition: boolean, what: string, reply: Reply): void {
  if (!condition) {
    throw new Error(
      `${what}; got ${reply.status} ${JSON.stringify(reply.headers)} ${reply.body.length} B`,
    );
  }
}

/** One CPE's sessions until the deadline; pushes each session's latency. */
async function runCpe(options: LoadOptions, deadline: number, latencies: number[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const informHeaders = { ...INFORM_HEADERS, 'content-length': String(options.informBody.length) };
  try {
    while (performance.now() < deadline) {
      const start = performance.now();
      const informed = await post(
        agent,
        options.port,
        options.informBody,
        informHeaders,
        timeoutMs,
      );
      check(informed.status === 200, 'Inform must get 200', informed);
      check(
        informed.headers['content-type']?.startsWith('text/xml') === true,
        'InformResponse is text/xml',
        informed,
      );
      check(
        informed.body.includes('InformResponse'),
        'Inform must get an InformResponse',
        informed,
      );
      const cookie = informed.headers['set-cookie']?.[0]?.split(';')[0];
      check(cookie !== undefined, 'InformResponse must set a session cookie', informed);
      const ended = await post(
        agent,
        options.port,
        EMPTY,
        { cookie: cookie as string, 'content-length': '0' },
        timeoutMs,
      );
      check(
        ended.status === 204 && ended.body.length === 0,
        'empty POST must get an empty 204',
        ended,
      );
      latencies.push(performance.now() - start);
    }
  } finally {
    agent.destroy();
  }
}

/** Drives the server on `port` for `durationMs` with `cpes` concurrent virtual CPEs. */
export async function driveCwmpSessions(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + options.durationMs;
  const cpes = Array.from({ length: options.cpes }, () => runCpe(options, deadline, latencies));
  await Promise.all(cpes);
  const elapsedMs = performance.now() - start;
  return {
    sessions: latencies.length,
    elapsedMs,
    latenciesMs: Float64Array.from(latencies).sort(),
  };
}

/** The value at quantile q (0..1) of ascending `sorted`, by nearest rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
