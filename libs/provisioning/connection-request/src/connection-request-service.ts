import type { HttpConnectionRequestTarget } from './http/http-connection-requester';
import type { ConnectionRequestOutcome, RequesterResult } from './outcome';
import type { ConnectionRequestRateLimiter } from './rate-limit/rate-limiter';
import type { UdpConnectionRequestTarget } from './udp/udp-connection-requester';

/** A device as inventory knows it (DeviceStore's ConnectionRequestInfo plus its id). */
export interface ConnectionRequestTarget {
  deviceId: string;
  url?: string;
  /** TR-111 UDPConnectionRequestAddress. */
  udpAddress?: string;
  username?: string;
  password?: string;
}

export interface ConnectionRequestExecuteOptions {
  /** The time the rate limits are judged at; now by default. */
  now?: number;
}

/** What the service needs from the transports: HttpConnectionRequester and UdpConnectionRequester. */
export interface HttpRequester {
  request(target: HttpConnectionRequestTarget): Promise<RequesterResult>;
}
export interface UdpRequester {
  request(target: UdpConnectionRequestTarget): Promise<RequesterResult>;
}

export interface ConnectionRequestServiceDependencies {
  http: HttpRequester;
  udp: UdpRequester;
  rateLimiter: ConnectionRequestRateLimiter;
}

/**
 * Asks one CPE to open a session: rate limits first, then HTTP to its ConnectionRequestURL, or
 * UDP (TR-111) when it has only a UDP address, or when HTTP finds nothing listening and a UDP
 * address exists (a CPE behind NAT whose URL holds a private address). Device-side failures are
 * outcomes; only the platform's own failures (the rate limiter's store) throw.
 */
export class ConnectionRequestService {
  constructor(private readonly dependencies: ConnectionRequestServiceDependencies) {}

  async execute(
    target: ConnectionRequestTarget,
    options: ConnectionRequestExecuteOptions = {},
  ): Promise<ConnectionRequestOutcome> {
    const url = nonEmpty(target.url);
    const udpAddress = nonEmpty(target.udpAddress);
    if (!url && !udpAddress) {
      return {
        outcome: 'no-address',
        method: null,
        detail: 'no ConnectionRequestURL or UDP address',
      };
    }
    const decision = await this.dependencies.rateLimiter.tryAcquire(
      target.deviceId,
      options.now ?? Date.now(),
    );
    if (!decision.ok) {
      return {
        outcome: 'rate-limited',
        method: null,
        retryAfterMs: decision.retryAfterMs,
        limit: decision.scope,
      };
    }
    const credentials = {
      ...(target.username !== undefined ? { username: target.username } : {}),
      ...(target.password !== undefined ? { password: target.password } : {}),
    };
    let httpResult: RequesterResult | undefined;
    if (url) {
      httpResult = await this.dependencies.http.request({ url, ...credentials });
      if (httpResult.outcome !== 'unreachable' || !udpAddress)
        return withMethod(httpResult, 'http');
    }
    const udpResult = await this.dependencies.udp.request({
      address: udpAddress as string,
      ...credentials,
    });
    if (!httpResult) return withMethod(udpResult, 'udp');
    const httpDetail = `http unreachable${httpResult.detail ? ` (${httpResult.detail})` : ''}`;
    return {
      outcome: udpResult.outcome,
      method: 'udp',
      detail: udpResult.detail ? `${httpDetail}; udp ${udpResult.detail}` : httpDetail,
    };
  }
}

function withMethod(result: RequesterResult, method: 'http' | 'udp'): ConnectionRequestOutcome {
  return { outcome: result.outcome, method, ...(result.detail ? { detail: result.detail } : {}) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
