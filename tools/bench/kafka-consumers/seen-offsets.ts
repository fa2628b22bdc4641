/**
 * Which messages a consumer's handler has seen, by partition and offset: a message delivered
 * again (a rebalance, a commit that did not land) counts once. `all` resolves once every one of
 * the `expected` messages was seen.
 */
export class SeenOffsets {
  readonly all: Promise<void>;
  private readonly byPartition = new Map<number, Set<string>>();
  private distinct = 0;
  /** performance.now() when the first message was seen. */
  firstSeenAt: number | undefined;
  private resolveAll: () => void = () => undefined;

  constructor(readonly expected: number) {
    this.all = new Promise<void>((resolve) => (this.resolveAll = resolve));
  }

  get count(): number {
    return this.distinct;
  }

  see(partition: number, offset: string): void {
    let offsets = this.byPartition.get(partition);
    if (!offsets) this.byPartition.set(partition, (offsets = new Set()));
    if (offsets.has(offset)) return;
    offsets.add(offset);
    this.firstSeenAt ??= performance.now();
    if (++this.distinct === this.expected) this.resolveAll();
  }
}
