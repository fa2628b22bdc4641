/**
 * Runs work in order within a key and side by side across keys, and counts the items not finished
 * yet so that whoever feeds it can wait for room. Work must settle; a rejection is reported to
 * `onError` and the key's next item still runs.
 */
export class KeyedPipeline {
  private readonly tails = new Map<string, Promise<void>>();
  private unfinished = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Items queued or running. */
  get size(): number {
    return this.unfinished;
  }

  /** Queues `work` (counting as `items`) behind the work already queued under `key`. */
  add(key: string, items: number, work: () => Promise<void>): void {
    this.unfinished += items;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const tail: Promise<void> = previous
      .then(work)
      .catch(this.onError)
      .finally(() => {
        this.unfinished -= items;
        if (this.tails.get(key) === tail) this.tails.delete(key);
        this.wake();
      });
    this.tails.set(key, tail);
  }

  /** Resolves once fewer than `limit` items are unfinished. */
  async roomFor(limit: number): Promise<void> {
    while (this.unfinished >= limit) await this.nextChange();
  }

  /** Resolves once nothing is queued or running. */
  async drained(): Promise<void> {
    while (this.unfinished > 0) await this.nextChange();
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
