import type { AcsRequest } from '@acs/cwmp-codec';
import { stepSignature } from './convergence';
import type { ConvergenceStep } from './shapes';

/**
 * How many steps a caller lets one session take towards a desired state before it gives up and
 * reports the device as not converging (a CPE that accepts a value and keeps reporting another).
 */
export const MAX_CONVERGENCE_ROUNDS = 16;

/** What a session remembers of its convergence so far (a SessionProgress fits). */
export interface ConvergenceHistory {
  /** Convergence RPCs sent in the session. */
  rounds: number;
  /** `stepSignature` of the last one sent. */
  lastStepSignature: string | null;
}

export type ConvergenceVerdict =
  | { kind: 'converged' }
  /** Send `request`; `history` is the session's once it is sent. */
  | { kind: 'send'; request: AcsRequest; signature: string; history: ConvergenceHistory }
  /** Leave the device alone for the rest of the session and report why. */
  | { kind: 'not-converging'; reason: 'repeated' | 'round-limit'; message: string };

/**
 * Whether a session may take the step `nextConvergenceStep` chose. A step equal to the one sent
 * last means the CPE accepted it and still differs, so sending it again would loop for ever; the
 * round limit catches what moves without ever settling (two steps undoing each other). Either is
 * a fault to report, never something to retry within the session.
 */
export function judgeConvergenceStep(
  step: ConvergenceStep,
  history: ConvergenceHistory,
  maxRounds: number,
): ConvergenceVerdict {
  if (step.kind === 'converged') return { kind: 'converged' };
  const signature = stepSignature(step);
  if (signature === history.lastStepSignature) {
    return {
      kind: 'not-converging',
      reason: 'repeated',
      message: `the CPE accepted "${step.purpose}" but still differs`,
    };
  }
  if (history.rounds >= maxRounds) {
    return {
      kind: 'not-converging',
      reason: 'round-limit',
      message: `no convergence within ${maxRounds} RPCs`,
    };
  }
  return {
    kind: 'send',
    request: step.request,
    signature,
    history: { rounds: history.rounds + 1, lastStepSignature: signature },
  };
}
