/**
 * Applied eventIds, remembered against redelivery and bounded by count. Two generations of
 * tables: ids go into the current one; when it holds half the bound, the older one is emptied
 * (a truncation, not a row-by-row delete) and becomes current. So between half the bound and
 * the whole of it are remembered, and forgetting costs no random page write per event.
 */
import type { Database, Statement } from 'better-sqlite3';

const GENERATIONS = ['processed_0', 'processed_1'] as const;
type Generation = 0 | 1;

export interface ProcessedState {
  generation: Generation;
  count: number;
}

export class ProcessedIds {
  private state: ProcessedState;
  private readonly lookup: Statement[];
  private readonly insert: Statement[];
  private readonly clear: Statement[];
  private readonly saveGeneration: Statement;

  constructor(
    db: Database,
    /** At least half of this many, at most all of it, are remembered. */
    private readonly bound: number,
  ) {
    this.lookup = GENERATIONS.map((t) =>
      db.prepare(`SELECT 1 FROM ${t} WHERE event_id = ?`).pluck(),
    );
    this.insert = GENERATIONS.map((t) =>
      db.prepare(`INSERT INTO ${t} (event_id) VALUES (?) ON CONFLICT DO NOTHING`),
    );
    this.clear = GENERATIONS.map((t) => db.prepare(`DELETE FROM ${t}`));
    this.saveGeneration = db.prepare(
      `INSERT INTO store_state (key, value) VALUES ('processed.generation', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    const stored = db
      .prepare(`SELECT value FROM store_state WHERE key = 'processed.generation'`)
      .pluck()
      .get() as number | undefined;
    const generation: Generation = stored === 1 ? 1 : 0;
    const count = db.prepare(`SELECT count(*) FROM ${GENERATIONS[generation]}`).pluck().get();
    this.state = { generation, count: count as number };
  }

  /** Whether either generation holds the eventId. */
  has(eventId: string): boolean {
    return this.lookup.some((statement) => statement.get(eventId) !== undefined);
  }

  /** Records an eventId inside the caller's transaction; false when it was applied before. */
  claim(eventId: string): boolean {
    const { generation } = this.state;
    if (this.lookup[1 - generation]?.get(eventId) !== undefined) return false;
    if (this.insert[generation]?.run(eventId).changes === 0) return false;
    this.state.count++;
    return true;
  }

  /** At the end of a batch, inside its transaction: moves on when the generation is full. */
  endBatch(): void {
    if (this.state.count < Math.ceil(this.bound / 2)) return;
    const next: Generation = this.state.generation === 0 ? 1 : 0;
    this.clear[next]?.run();
    this.saveGeneration.run(next);
    this.state = { generation: next, count: 0 };
  }

  /** For a transaction that rolls back. */
  snapshot(): ProcessedState {
    return { ...this.state };
  }

  restore(state: ProcessedState): void {
    this.state = { ...state };
  }
}
