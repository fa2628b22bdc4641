/** The operator REST API as a test uses it: JSON in and out, with the admin key. */
export class OperatorApi {
  constructor(
    /** `http://host:port/api/v1`. */
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** The header the API key goes in, for a request made by hand (a stream, a raw body). */
  get authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}` };
  }

  /**
   * One request. Over the API's request budget (429 rate-limited), it waits Retry-After and asks
   * again, as a well-behaved client does; other answers, a connection request's own 429
   * included, come back as they are.
   */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    for (;;) {
      const answer = await this.once<T>(method, path, body);
      const error = (answer.body as { error?: unknown } | null)?.error;
      if (answer.status !== 429 || error !== 'rate-limited') return answer;
      const seconds = Number(answer.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 10) * 1000));
    }
  }

  private async once<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as T,
      headers: response.headers,
    };
  }

  /** Like `call`, but a status other than `expected` throws with the answer. */
  async expect<T = Record<string, unknown>>(
    expected: number,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status !== expected) {
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  /** Polls `read` until `done` holds (or fails after `timeoutMs`). */
  async until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`condition not met in time: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until inventory has stored the device: it learns it from the session events, after the session ends. */
  async deviceKnown(deviceId: string, timeoutMs = 20_000): Promise<void> {
    await this.until(
      () => this.call('GET', `/devices/${encodeURIComponent(deviceId)}`),
      (answer) => answer.status === 200,
      timeoutMs,
    );
  }

  /**
   * Known, and inventory has learnt the connection-request credentials the platform set in the
   * device's first session: until it has, the device's next session sets them again (one RPC
   * more than a test counting RPCs expects).
   */
  async deviceOnboarded(deviceId: string, timeoutMs = 20_000): Promise<void> {
    await this.until(
      () =>
        this.call<{ connectionRequest?: { username?: string } }>(
          'GET',
          `/devices/${encodeURIComponent(deviceId)}`,
        ),
      (answer) => answer.status === 200 && answer.body.connectionRequest?.username !== undefined,
      timeoutMs,
    );
  }
}
