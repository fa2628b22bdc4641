/**
 * The record of OSS/BSS commands (acs.commands), so each runs at most once per command id however
 * often it is delivered: the consumer claims the id before acting, and a redelivered command finds
 * the claim (and, once done, the result to answer with again). A command whose claim has no result
 * was being executed when its executor stopped; it is not run again, since it may have taken effect.
 */
export type CommandStatus = 'claimed' | 'completed';

export interface CommandRecord {
  commandId: string;
  /** What was asked, as the caller summarized it (type, target): for operators reading the log. */
  command: Record<string, unknown>;
  status: CommandStatus;
  claimedAt: string;
  completedAt?: string;
  /** What it ended with, as sent on acs.command-results. */
  result?: Record<string, unknown>;
}

export type ClaimOutcome =
  | { claimed: true; record: CommandRecord }
  /** Someone claimed it before: the record as it is. */
  | { claimed: false; record: CommandRecord };

export type CompleteOutcome =
  | { outcome: 'completed'; record: CommandRecord }
  | { outcome: 'not-found' }
  /** Completed before: the result is not replaced. */
  | { outcome: 'conflict'; record: CommandRecord };

export interface CommandLog {
  /** Claims the id: of any number of concurrent claims of one id, exactly one wins. */
  claim(commandId: string, command: Record<string, unknown>): Promise<ClaimOutcome>;
  /** Records the result of a claimed command, once. */
  complete(commandId: string, result: Record<string, unknown>): Promise<CompleteOutcome>;
  get(commandId: string): Promise<CommandRecord | null>;
  /**
   * Forgets commands claimed before `date` (keep them at least as long as a command can be
   * redelivered: N days, the caller's retention); returns how many.
   */
  purgeOlderThan(date: Date): Promise<number>;
}
