interface Lane<T> {
  queued: T[];
  running: boolean;
}

/**
 * Runs items in order within a key and side by side across keys. Items that queue behind a
 * key's running call go to its next call together (up to `maxBatch`), so a busy key costs fewer
 * calls the busier it gets; with `lingerMs`, a call that is not full waits that long for more. Counts items not finished, so that whoever feeds it can wait for room.
 * `run` must settle; a rejection is reported to `onError` and the key goes on.
 */
export class KeyedPipeline<T> {
  private readonly lanes = new Map<string, Lane<T>>();
  private unfinished = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly run: (items: T[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly batching: { maxBatch: number; lingerMs: number },
  ) {}

  /** Items queued or running. */
  get size(): number {
    return this.unfinished;
  }

  add(key: string, items: readonly T[]): void {
    if (items.length === 0) return;
    this.unfinished += items.length;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { queued: [], running: false };
      this.lanes.set(key, lane);
    }
    lane.queued.push(...items);
    if (!lane.running) void this.drain(key, lane);
  }

  /** Drops every item not started yet (a running call finishes). */
  dropQueued(): void {
    for (const [key, lane] of this.lanes) {
      this.unfinished -= lane.queued.length;
      lane.queued = [];
      if (!lane.running) this.lanes.delete(key);
    }
    this.wake();
  }

  /** Resolves once fewer than `limit` items are unfinished. */
  async roomFor(limit: number): Promise<void> {
    while (this.unfinished >= limit) await this.nextChange();
  }

  /** Resolves once nothing is queued or running. */
  async drained(): Promise<void> {
    while (this.unfinished > 0) await this.nextChange();
  }

  private async drain(key: string, lane: Lane<T>): Promise<void> {
    lane.running = true;
    const { maxBatch, lingerMs } = this.batching;
    while (lane.queued.length > 0) {
      if (lingerMs > 0 && lane.queued.length < maxBatch) {
        await new Promise((resolve) => setTimeout(resolve, lingerMs));
        if (lane.queued.length === 0) break;
      }
      const items = lane.queued.splice(0, maxBatch);
      try {
        await this.run(items);
      } catch (error) {
        this.onError(error);
      }
      this.unfinished -= items.length;
      this.wake();
    }
    lane.running = false;
    if (this.lanes.get(key) === lane) this.lanes.delete(key);
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
