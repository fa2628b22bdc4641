/**
 * The record of every write through the operator API, and of every write it refused: who (the
 * API key, or nobody when none was valid), what (an action such as `task.create` and its target),
 * a summary of the request with secrets removed, and the HTTP status it ended with.
 */
export interface AuditActor {
  /** Null when the request carried no valid key. */
  keyId: string | null;
  keyName: string | null;
}

export interface AuditEntry {
  /** Sorts in the order entries were appended (time-ordered). */
  id: string;
  at: string;
  who: AuditActor;
  /** e.g. `device.delete`, `task.create`, `api-key.revoke`. */
  action: string;
  /** What it was done to, e.g. `device:00D09E-HGW-SN1`, `task:<id>`, `devices:filter`. */
  target: string;
  /** The request's parameters and body, secrets removed, size capped. */
  request: Record<string, unknown>;
  /** The HTTP status the request ended with. */
  status: number;
  /** The error code when it failed (`forbidden`, `validation-failed`, ...). */
  error?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
}

export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  list(query: { limit: number; skip?: number }): Promise<AuditPage>;
}
