import type { Task, TaskStatus } from '@acs/contracts';
import { timeOrderedId, type StoreClock } from '@acs/persistence';
import type { ProvisioningDatabase } from '../embedded/provisioning-database';
import {
  secondsAfter,
  NewStoredTask,
  RETRYABLE_TASK_STATUSES,
  TaskChange,
  TaskDeleteOutcome,
  TaskPage,
  TaskQuery,
  TaskStore,
  TaskUpdateOutcome,
} from './task-store';

interface TaskRow {
  id: string;
  device_id: string;
  type: string;
  payload: string;
  status: string;
  attempts: number;
  created_at: string;
  updated_at: string;
  expires_at: string;
  connection_request: number;
  max_attempts: number | null;
  result: string | null;
  fault: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS nbi_tasks (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    connection_request INTEGER NOT NULL,
    result TEXT,
    fault TEXT
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS nbi_tasks_by_device ON nbi_tasks (device_id, status, id);
  CREATE INDEX IF NOT EXISTS nbi_tasks_by_status ON nbi_tasks (status, id);
  CREATE INDEX IF NOT EXISTS nbi_tasks_by_expiry ON nbi_tasks (status, expires_at);
`;

function taskOf(row: TaskRow): Task {
  const task = {
    id: row.id,
    deviceId: row.device_id,
    type: row.type,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status as TaskStatus,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    connectionRequest: row.connection_request === 1,
    ...(row.max_attempts === null ? {} : { maxAttempts: row.max_attempts }),
    ...(row.result === null ? {} : { result: JSON.parse(row.result) as Record<string, unknown> }),
    ...(row.fault === null ? {} : { fault: JSON.parse(row.fault) as Task['fault'] }),
  };
  // Rows are only ever written from Tasks by this class.
  return task as Task;
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/**
 * TaskStore on provisioning's SQLite file (see openProvisioningDatabase). The table keeps the name
 * it had when the operator API's library held tasks, so that data written then is found now.
 */
export class EmbeddedTaskStore implements TaskStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: ProvisioningDatabase,
    options: StoreClock = {},
  ) {
    this.now = options.now ?? (() => new Date());
    db.exec(SCHEMA);
    // Files written before tasks had their own attempt limit get the column (empty: the setting).
    const columns = db.prepare('PRAGMA table_info(nbi_tasks)').all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'max_attempts'))
      db.exec('ALTER TABLE nbi_tasks ADD COLUMN max_attempts INTEGER');
  }

  async create(input: NewStoredTask): Promise<Task> {
    const now = this.now();
    const at = now.toISOString();
    const { expiresInSeconds, ...fields } = input;
    const task = {
      ...fields,
      id: timeOrderedId(now),
      status: 'pending',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      expiresAt: secondsAfter(now, expiresInSeconds),
    } as Task;
    this.db
      .prepare(
        `INSERT INTO nbi_tasks (id, device_id, type, payload, status, attempts, created_at,
           updated_at, expires_at, connection_request, max_attempts, result, fault)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
      )
      .run(
        task.id,
        task.deviceId,
        task.type,
        JSON.stringify(task.payload),
        task.status,
        task.attempts,
        task.createdAt,
        task.updatedAt,
        task.expiresAt,
        task.connectionRequest ? 1 : 0,
        task.maxAttempts ?? null,
      );
    return task;
  }

  async get(id: string): Promise<Task | null> {
    return this.row(id);
  }

  async list(query: TaskQuery): Promise<TaskPage> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (query.deviceId !== undefined) {
      conditions.push('device_id = ?');
      values.push(query.deviceId);
    }
    if (query.status !== undefined) {
      if (query.status.length === 0) return { tasks: [], total: 0 };
      conditions.push(`status IN (${placeholders(query.status)})`);
      values.push(...query.status);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM nbi_tasks ${where} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...values, query.limit, query.skip ?? 0) as TaskRow[];
    const { total } = this.db
      .prepare(`SELECT COUNT(*) AS total FROM nbi_tasks ${where}`)
      .get(...values) as { total: number };
    return { tasks: rows.map(taskOf), total };
  }

  async update(
    id: string,
    change: TaskChange,
    onlyFrom?: TaskStatus[],
  ): Promise<TaskUpdateOutcome> {
    return this.conditionally(id, onlyFrom, () => {
      const sets = ['status = ?', 'updated_at = ?'];
      const values: unknown[] = [change.status, this.now().toISOString()];
      if (change.result !== undefined) {
        sets.push('result = ?');
        values.push(JSON.stringify(change.result));
      }
      if (change.fault !== undefined) {
        sets.push('fault = ?');
        values.push(JSON.stringify(change.fault));
      }
      if (change.countAttempt) sets.push('attempts = attempts + 1');
      this.db.prepare(`UPDATE nbi_tasks SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    });
  }

  async retry(id: string, expiresInSeconds: number): Promise<TaskUpdateOutcome> {
    return this.conditionally(id, RETRYABLE_TASK_STATUSES, () => {
      const now = this.now();
      this.db
        .prepare(
          `UPDATE nbi_tasks SET status = 'pending', result = NULL, fault = NULL, updated_at = ?,
             expires_at = ? WHERE id = ?`,
        )
        .run(now.toISOString(), secondsAfter(now, expiresInSeconds), id);
    });
  }

  async expirePending(now: string): Promise<number> {
    return this.db
      .prepare(
        `UPDATE nbi_tasks SET status = 'expired', updated_at = ?
         WHERE status = 'pending' AND expires_at <= ?`,
      )
      .run(this.now().toISOString(), now).changes;
  }

  async delete(id: string, unlessStatus: TaskStatus[] = []): Promise<TaskDeleteOutcome> {
    return this.db
      .transaction((): TaskDeleteOutcome => {
        const task = this.row(id);
        if (!task) return { outcome: 'not-found' };
        if (unlessStatus.includes(task.status)) return { outcome: 'conflict', task };
        this.db.prepare('DELETE FROM nbi_tasks WHERE id = ?').run(id);
        return { outcome: 'deleted' };
      })
      .immediate();
  }

  async deleteForDevice(deviceId: string): Promise<number> {
    return this.db.prepare('DELETE FROM nbi_tasks WHERE device_id = ?').run(deviceId).changes;
  }

  private row(id: string): Task | null {
    const row = this.db.prepare('SELECT * FROM nbi_tasks WHERE id = ?').get(id) as
      | TaskRow
      | undefined;
    return row ? taskOf(row) : null;
  }

  /**
   * Read, check the status, write and read back in one IMMEDIATE transaction: another process on
   * the same file cannot change the task in between.
   */
  private conditionally(
    id: string,
    onlyFrom: TaskStatus[] | undefined,
    write: () => void,
  ): TaskUpdateOutcome {
    return this.db
      .transaction((): TaskUpdateOutcome => {
        const before = this.row(id);
        if (!before) return { outcome: 'not-found' };
        if (onlyFrom && !onlyFrom.includes(before.status))
          return { outcome: 'conflict', task: before };
        write();
        const after = this.row(id);
        if (!after) throw new Error(`task ${id} vanished inside a transaction`);
        return { outcome: 'updated', task: after };
      })
      .immediate();
  }
}
