import type { ProvisioningDatabase } from '../embedded/provisioning-database';
import type { StoreClock } from '@acs/persistence';
import { ClaimOutcome, CommandLog, CommandRecord, CompleteOutcome } from './command-log';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS provisioning_commands (
    command_id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    status TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    completed_at TEXT,
    result TEXT
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS provisioning_commands_by_claim
    ON provisioning_commands (claimed_at);
`;

interface CommandRow {
  command_id: string;
  command: string;
  status: string;
  claimed_at: string;
  completed_at: string | null;
  result: string | null;
}

function recordOf(row: CommandRow): CommandRecord {
  return {
    commandId: row.command_id,
    command: JSON.parse(row.command) as Record<string, unknown>,
    status: row.status as CommandRecord['status'],
    claimedAt: row.claimed_at,
    ...(row.completed_at === null ? {} : { completedAt: row.completed_at }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as Record<string, unknown> }),
  };
}

/** CommandLog on provisioning's SQLite file (see openProvisioningDatabase). */
export class EmbeddedCommandLog implements CommandLog {
  private readonly now: () => Date;

  constructor(
    private readonly db: ProvisioningDatabase,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
  }

  async claim(commandId: string, command: Record<string, unknown>): Promise<ClaimOutcome> {
    // The primary key decides: of two processes inserting one id, SQLite lets one row in.
    const inserted = this.db
      .prepare(
        `INSERT OR IGNORE INTO provisioning_commands (command_id, command, status, claimed_at)
         VALUES (?, ?, 'claimed', ?)`,
      )
      .run(commandId, JSON.stringify(command), this.now().toISOString()).changes;
    const record = this.row(commandId);
    if (!record) throw new Error(`command ${commandId} vanished right after its claim`);
    return { claimed: inserted === 1, record };
  }

  async complete(commandId: string, result: Record<string, unknown>): Promise<CompleteOutcome> {
    return this.db
      .transaction((): CompleteOutcome => {
        const before = this.row(commandId);
        if (!before) return { outcome: 'not-found' };
        if (before.status === 'completed') return { outcome: 'conflict', record: before };
        this.db
          .prepare(
            `UPDATE provisioning_commands SET status = 'completed', completed_at = ?, result = ?
             WHERE command_id = ?`,
          )
          .run(this.now().toISOString(), JSON.stringify(result), commandId);
        const after = this.row(commandId);
        if (!after) throw new Error(`command ${commandId} vanished inside a transaction`);
        return { outcome: 'completed', record: after };
      })
      .immediate();
  }

  async get(commandId: string): Promise<CommandRecord | null> {
    return this.row(commandId);
  }

  async purgeOlderThan(date: Date): Promise<number> {
    return this.db
      .prepare('DELETE FROM provisioning_commands WHERE claimed_at < ?')
      .run(date.toISOString()).changes;
  }

  private row(commandId: string): CommandRecord | null {
    const row = this.db
      .prepare('SELECT * FROM provisioning_commands WHERE command_id = ?')
      .get(commandId) as CommandRow | undefined;
    return row ? recordOf(row) : null;
  }
}
