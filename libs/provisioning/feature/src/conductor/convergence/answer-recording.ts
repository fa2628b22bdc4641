import type { AcsRequest } from '@acs/cwmp-codec';
import { readsOf, type RpcOutcome, type SessionProgress } from '@acs/provisioning-domain';
import type { ProvisioningFaults } from '../provisioning-faults';
import type { DecisionInputs } from './decision-inputs';

/**
 * Keeps a convergence RPC's answer in the progress, since the next decision replays the answers
 * over the stored device (inventory may not have written them yet), and what it read, so nothing
 * is read twice in the session. A CPE fault is raised against the configurations in force and
 * leaves the presets alone for the rest of the session: the same step would fault again.
 */
export class AnswerRecording {
  constructor(
    private readonly faults: ProvisioningFaults,
    private readonly inputs: DecisionInputs,
    private readonly now: () => Date,
  ) {}

  async record(
    progress: SessionProgress,
    request: AcsRequest,
    outcome: RpcOutcome,
  ): Promise<SessionProgress> {
    const reads = readsOf(request);
    const next: SessionProgress = {
      ...progress,
      answers: [...progress.answers, { request, outcome, at: this.now().toISOString() }],
      readSubtrees: [...progress.readSubtrees, ...reads.values],
      namesRead: [...progress.namesRead, ...reads.names],
    };
    if (outcome.kind === 'fault') {
      // The sources as the step was decided, before its answer.
      const { applied } = await this.inputs.read(progress);
      await this.faults.raise(progress, {
        code: String(outcome.fault.faultCode),
        message: `${request.type}: ${outcome.fault.faultString}`,
        sources: applied.map((entry) => entry.source),
      });
      return { ...next, convergenceFault: true };
    }
    return next;
  }
}
