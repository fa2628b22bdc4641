import type { AdmittedSessions, SimulatorOptions } from '../runtime/simulator';
import type { StatsTally } from '../runtime/stats';

/** What a fleet's parent asks one of its simulator processes; each call gets one reply. */
export type ShardCall =
  | { id: number; call: 'start'; options: SimulatorOptions }
  | { id: number; call: 'tally' }
  | { id: number; call: 'admitted' }
  | { id: number; call: 'stop' };

/** A simulator process's figures: its counters and sample, and its own RSS. */
export interface ShardFigures {
  tally: StatsTally;
  rssBytes: number;
  /** Only in the answer to `admitted`. */
  admitted?: AdmittedSessions;
}

export type ShardReply =
  | { id: number; ok: true; figures: ShardFigures }
  | { id: number; ok: false; error: string };
