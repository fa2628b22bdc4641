import { nextOffset } from './kafka-consumer-support';

interface PartitionState {
  /** Offsets taken and not yet part of the position, in order. */
  readonly open: string[];
  readonly handled: Set<string>;
  /** The next offset to read once everything before it is handled; null until one is. */
  position: string | null;
  committed: string | null;
}

export interface PartitionPosition {
  partition: number;
  /** The offset to commit: the next one to read. */
  offset: string;
}

/**
 * Where each partition may be committed when messages are handled out of order (different keys
 * side by side): the position moves past an offset only once it and every offset taken before it
 * are handled, so a crash redelivers whatever was not, and never skips it.
 */
export class CommitPositions {
  private readonly partitions = new Map<number, PartitionState>();

  /** Records offsets handed to handlers; call in offset order for each partition. */
  taken(partition: number, offset: string): void {
    this.stateOf(partition).open.push(offset);
  }

  handled(partition: number, offset: string): void {
    const state = this.partitions.get(partition);
    if (!state) return;
    state.handled.add(offset);
    let advanced = 0;
    while (advanced < state.open.length && state.handled.has(state.open[advanced] as string)) {
      const done = state.open[advanced] as string;
      state.handled.delete(done);
      state.position = nextOffset(done);
      advanced++;
    }
    if (advanced > 0) state.open.splice(0, advanced);
  }

  /** Positions that moved past what was last committed. */
  uncommitted(): PartitionPosition[] {
    const moved: PartitionPosition[] = [];
    for (const [partition, state] of this.partitions) {
      if (state.position !== null && state.position !== state.committed) {
        moved.push({ partition, offset: state.position });
      }
    }
    return moved;
  }

  /** Notes a successful commit (positions may have moved on since; those stay uncommitted). */
  committed(positions: readonly PartitionPosition[]): void {
    for (const { partition, offset } of positions) {
      const state = this.partitions.get(partition);
      if (state) state.committed = offset;
    }
  }

  /** Forgets everything: after a rebalance the group starts again from its last commits. */
  clear(): void {
    this.partitions.clear();
  }

  private stateOf(partition: number): PartitionState {
    let state = this.partitions.get(partition);
    if (!state) {
      state = { open: [], handled: new Set(), position: null, committed: null };
      this.partitions.set(partition, state);
    }
    return state;
  }
}
