import http from 'node:http';
import https from 'node:https';
import type { RequesterResult } from '../outcome';
import {
  AuthChallenge,
  basicAuthorization,
  digestAuthorization,
  parseChallenges,
  UnsupportedChallengeError,
} from './challenge';

export const DEFAULT_HTTP_TIMEOUT_MS = 3000;

export interface HttpConnectionRequesterOptions {
  /** Bound on the whole request (challenge, answer and the one retry); default 3 s. */
  timeoutMs?: number;
  /** Answer a Basic-only challenge. Off by default: Basic sends the password in clear. */
  allowBasic?: boolean;
  /** For https ConnectionRequestURLs: CA bundle and whether to check the CPE's certificate. */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

export interface HttpConnectionRequestTarget {
  url: string;
  username?: string;
  password?: string;
}

/** Errors that say nothing answers at that address. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
]);
/** Errors of a connection the CPE dropped: worth one more try. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE']);

class AttemptTimeout extends Error {}

interface Answer {
  status: number;
  challenges: AuthChallenge[];
}

/**
 * The TR-069 HTTP connection request (section 3.2.2): a GET to the CPE's ConnectionRequestURL,
 * answering its Digest challenge (Basic only when allowed). Reports an outcome, never throws for
 * what the device or the network does.
 */
export class HttpConnectionRequester {
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpConnectionRequesterOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  }

  async request(target: HttpConnectionRequestTarget): Promise<RequesterResult> {
    let url: URL;
    try {
      url = new URL(target.url);
    } catch {
      return { outcome: 'failed', detail: `invalid ConnectionRequestURL: ${target.url}` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { outcome: 'failed', detail: `unsupported scheme ${url.protocol}` };
    }
    const exchange = new Exchange(url, this.options, Date.now() + this.timeoutMs);
    try {
      const first = await exchange.send(undefined);
      if (first.status !== 401) return resultOf(first);
      const authorization = this.authorization(first.challenges, target, url);
      if ('outcome' in authorization) return authorization;
      let second = await exchange.send(authorization.header);
      const digest = first.challenges.find((challenge) => challenge.scheme === 'digest');
      const stale = second.challenges.find((challenge) => challenge.scheme === 'digest');
      if (second.status === 401 && digest && stale?.params['stale']?.toLowerCase() === 'true') {
        // The nonce expired between the two requests; the credentials were right.
        const fresh = this.authorization([stale], target, url);
        if ('outcome' in fresh) return fresh;
        second = await exchange.send(fresh.header);
      }
      if (second.status === 401) return { outcome: 'auth-failed', detail: 'HTTP 401' };
      return resultOf(second);
    } catch (error) {
      return resultOfError(error);
    }
  }

  private authorization(
    challenges: AuthChallenge[],
    target: HttpConnectionRequestTarget,
    url: URL,
  ): { header: string } | RequesterResult {
    const username = target.username ?? '';
    const password = target.password ?? '';
    const digest = challenges.find((challenge) => challenge.scheme === 'digest');
    if (digest) {
      try {
        const uri = `${url.pathname}${url.search}`;
        return { header: digestAuthorization(digest, { username, password, method: 'GET', uri }) };
      } catch (error) {
        if (error instanceof UnsupportedChallengeError) {
          return { outcome: 'auth-refused', detail: error.message };
        }
        throw error;
      }
    }
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      if (this.options.allowBasic) return { header: basicAuthorization(username, password) };
      return { outcome: 'auth-refused', detail: 'the CPE offers only Basic, which is not allowed' };
    }
    return { outcome: 'auth-refused', detail: 'no Digest or Basic challenge in the 401' };
  }
}

/** The GETs of one connection request, sharing its deadline and its one retry. */
class Exchange {
  private retried = false;

  constructor(
    private readonly url: URL,
    private readonly options: HttpConnectionRequesterOptions,
    private readonly deadline: number,
  ) {}

  async send(authorization: string | undefined): Promise<Answer> {
    try {
      return await this.get(authorization);
    } catch (error) {
      if (this.retried || !DROPPED.has(codeOf(error))) throw error;
      this.retried = true;
      return await this.get(authorization);
    }
  }

  private get(authorization: string | undefined): Promise<Answer> {
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return Promise.reject(new AttemptTimeout());
    const secure = this.url.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      method: 'GET',
      // One connection per GET, closed after it: no pooled socket outlives the request.
      agent: false,
      headers: {
        Connection: 'close',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      ...(secure && this.options.tls ? this.options.tls : {}),
    };
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const request = (secure ? https : http).request(this.url, requestOptions, (response) => {
        response.resume(); // the body says nothing we need
        response.on('end', () =>
          settle(() =>
            resolve({
              status: response.statusCode ?? 0,
              challenges: parseChallenges(wwwAuthenticate(response.rawHeaders)),
            }),
          ),
        );
        response.on('error', (error) => settle(() => reject(error)));
      });
      // The deadline wins over whatever error destroying the socket raises afterwards.
      const timer = setTimeout(() => {
        settle(() => reject(new AttemptTimeout()));
        request.destroy();
      }, remaining);
      request.on('error', (error) => settle(() => reject(error)));
      request.end();
    });
  }
}

function wwwAuthenticate(rawHeaders: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'www-authenticate') values.push(rawHeaders[i + 1] ?? '');
  }
  return values;
}

function resultOf(answer: Answer): RequesterResult {
  if (answer.status === 200 || answer.status === 204) return { outcome: 'ok' };
  if (answer.status === 503) return { outcome: 'busy', detail: 'HTTP 503' };
  return { outcome: 'failed', detail: `HTTP ${answer.status}` };
}

function resultOfError(error: unknown): RequesterResult {
  if (error instanceof AttemptTimeout) return { outcome: 'timeout' };
  const code = codeOf(error);
  if (UNREACHABLE.has(code)) return { outcome: 'unreachable', detail: code };
  const message = error instanceof Error ? error.message : String(error);
  return { outcome: 'failed', detail: code ? `${code}: ${message}` : message };
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
