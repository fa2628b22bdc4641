/** Something a Scheduler will run; `cancel` keeps it from running. */
export interface Scheduled {
  cancel(): void;
}

class Entry implements Scheduled {
  cancelled = false;

  constructor(
    readonly due: number,
    readonly action: () => void,
    /** The scheduler itself rather than a callback: one closure less per wait. */
    private readonly owner: Scheduler,
  ) {}

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.owner.entryCancelled();
  }
}

/** Node's longest timer; a longer one fires after 1 ms. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * The timers of every device of a simulator on one Node timer, over a min-heap of due times. An
 * idle device always waits for something (its periodic inform): with a Node timer each, 10,000
 * devices held 10,000 Timeouts, a Set to track them per device, and a Node timer list per
 * distinct delay, which the periodic jitter makes nearly every delay. Here a wait is one small
 * entry. Cancelled entries stay in the heap until they come up (or until they are most of it).
 */
export class Scheduler {
  private heap: Entry[] = [];
  private cancelled = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Number.POSITIVE_INFINITY;

  /** Runs `action` after `delayMs` (at once for a negative delay), unless cancelled first. */
  after(delayMs: number, action: () => void): Scheduled {
    const entry = new Entry(Date.now() + Math.max(0, delayMs), action, this);
    this.push(entry);
    this.arm();
    return entry;
  }

  /** Drops every entry and the Node timer. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    for (const entry of this.heap) entry.cancelled = true;
    this.heap = [];
    this.cancelled = 0;
  }

  /** Entries waiting, cancelled ones included (tests). */
  get size(): number {
    return this.heap.length;
  }

  /** An entry's cancel() (Entry only). */
  entryCancelled(): void {
    this.cancelled++;
    // Cancelled waits of a day must not pile up: rebuild without them once they are most.
    if (this.cancelled > 64 && this.cancelled > this.heap.length / 2) {
      this.heap = this.heap.filter((entry) => !entry.cancelled);
      this.cancelled = 0;
      for (let index = (this.heap.length >> 1) - 1; index >= 0; index--) this.down(index);
    }
  }

  private arm(): void {
    while (this.heap[0]?.cancelled) {
      this.pop();
      this.cancelled--;
    }
    const next = this.heap[0];
    if (!next) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerDue = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.timer && this.timerDue <= next.due) return;
    clearTimeout(this.timer);
    this.timerDue = next.due;
    const delay = Math.min(LONGEST_TIMER_MS, Math.max(0, next.due - Date.now()));
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (let next = this.heap[0]; next && next.due <= now; next = this.heap[0]) {
      this.pop();
      if (next.cancelled) {
        this.cancelled--;
        continue;
      }
      next.cancelled = true; // ran: a later cancel() is a no-op
      try {
        next.action();
      } catch (error) {
        // One device's failure must not stop the others' timers: rethrown outside the loop.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    this.arm();
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((heap[parent] as Entry).due <= entry.due) break;
      heap[index] = heap[parent] as Entry;
      index = parent;
    }
    heap[index] = entry;
  }

  private pop(): void {
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private down(start: number): void {
    const heap = this.heap;
    const entry = heap[start] as Entry;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && (heap[right] as Entry).due < (heap[left] as Entry).due
          ? right
          : left;
      if ((heap[child] as Entry).due >= entry.due) break;
      heap[index] = heap[child] as Entry;
      index = child;
    }
    heap[index] = entry;
  }
}
