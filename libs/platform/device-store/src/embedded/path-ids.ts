/**
 * Interned parameter paths: path text ↔ small integer, cached in memory (a fleet has a few
 * thousand distinct paths). Ids created inside a transaction that rolls back must not stay in
 * the cache: the writer tells which ones to forget.
 */
import type { Database, Statement } from 'better-sqlite3';

export class PathIds {
  private readonly ids = new Map<string, number>();
  private readonly uncommitted: string[] = [];
  private readonly insert: Statement;
  private readonly select: Statement;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO paths (path) VALUES (?) ON CONFLICT (path) DO NOTHING');
    this.select = db.prepare('SELECT id FROM paths WHERE path = ?').pluck();
  }

  /** The path's id, creating it (inside the caller's transaction) when new. */
  idOf(path: string): number {
    const cached = this.ids.get(path);
    if (cached !== undefined) return cached;
    let id = this.select.get(path) as number | undefined;
    if (id === undefined) {
      this.insert.run(path);
      id = this.select.get(path) as number;
      this.uncommitted.push(path);
    }
    this.ids.set(path, id);
    return id;
  }

  /** The path's id when some device has (or had) it; never creates one. */
  find(path: string): number | undefined {
    const cached = this.ids.get(path);
    if (cached !== undefined) return cached;
    const id = this.select.get(path) as number | undefined;
    if (id !== undefined) this.ids.set(path, id);
    return id;
  }

  committed(): void {
    this.uncommitted.length = 0;
  }

  forgetUncommitted(): void {
    for (const path of this.uncommitted.splice(0)) this.ids.delete(path);
  }
}
