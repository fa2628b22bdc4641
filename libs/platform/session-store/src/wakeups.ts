/**
 * Waiters for "the outbox of device X has something", resolved by notifications that arrive on
 * the pod's channel: one subscription per pod, however many requests wait.
 */
export class WakeupWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves on the next notification for the device or after `timeoutMs`, whichever is first. */
  wait(deviceId: string, timeoutMs: number): { woken: Promise<void>; cancel: () => void } {
    let release: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.waiting.get(deviceId) ?? new Set<() => void>();
      this.waiting.set(deviceId, waiters);
      waiters.add(done);
      function done(): void {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      }
      release = done;
    });
    return { woken, cancel: () => release() };
  }

  notify(deviceId: string): void {
    const waiters = this.waiting.get(deviceId);
    if (!waiters) return;
    for (const wake of [...waiters]) wake();
    if (waiters.size === 0) this.waiting.delete(deviceId);
  }

  releaseAll(): void {
    for (const deviceId of [...this.waiting.keys()]) this.notify(deviceId);
  }
}

/** Pops an entry, waiting for wake-ups until one arrives or the deadline passes. */
export async function popWithin<T>(
  waiters: WakeupWaiters,
  deviceId: string,
  timeoutMs: number,
  pop: () => Promise<T | null>,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - Date.now();
    // Register before looking, so a push between the look and the wait is not missed.
    const waiter = waiters.wait(deviceId, Math.max(remaining, 0));
    try {
      const entry = await pop();
      if (entry !== null || remaining <= 0) return entry;
      await waiter.woken;
    } finally {
      waiter.cancel();
    }
  }
}
