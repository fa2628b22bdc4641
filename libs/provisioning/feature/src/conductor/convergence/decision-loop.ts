import type { AcsRequest } from '@acs/cwmp-codec';
import {
  desiredTagChanges,
  judgeConvergenceStep,
  mergeConfigurations,
  nextConvergenceStep,
  pendingActions,
  renderDesiredState,
  withTagChange,
  type SessionProgress,
} from '@acs/provisioning-domain';
import type { ProvisioningPorts } from '../../ports';
import type { ProvisioningSettings } from '../../settings';
import { queueOneOffActions } from '../one-off-actions';
import type { ProvisioningFaults } from '../provisioning-faults';
import type { DecisionInputs } from './decision-inputs';
import { sessionQuirks } from './quirk-resolution';

export type ConvergenceDecision =
  | { kind: 'rpc'; progress: SessionProgress; request: AcsRequest; signature: string }
  /** One-off actions were queued as tasks: run those first. */
  | { kind: 'tasks-queued'; progress: SessionProgress }
  | { kind: 'end'; progress: SessionProgress };

/**
 * One turn of convergence: render what applies over the session's view, settle tags and one-off
 * actions (they are not RPCs of their own), then let the domain pick the next RPC and judge it.
 * A template that cannot be filled, a step repeated without effect or the round limit ends the
 * attempt with a recorded fault, never a loop; a turn that finds the device converged resolves
 * the faults of earlier attempts.
 */
export class DecisionLoop {
  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly settings: ProvisioningSettings,
    private readonly faults: ProvisioningFaults,
    private readonly inputs: DecisionInputs,
    private readonly now: () => Date,
  ) {}

  async nextStep(progress: SessionProgress): Promise<ConvergenceDecision> {
    if (progress.convergenceFault) return { kind: 'end', progress };
    const { view, subscriber, applied } = await this.inputs.read(progress);
    if (applied.length === 0) return { kind: 'end', progress };
    const rendered = renderDesiredState(mergeConfigurations(applied), {
      device: view,
      ...(subscriber ? { subscriber: subscriber.data } : {}),
    });
    if (!rendered.ok) {
      await this.faults.raise(progress, {
        code: `template`,
        message: `${rendered.fault.item}: ${rendered.fault.message}`,
        sources: [rendered.fault.source],
      });
      return { kind: 'end', progress: { ...progress, convergenceFault: true } };
    }
    const tags = desiredTagChanges(rendered.value, view);
    if (tags.add.length > 0 || tags.remove.length > 0) {
      await this.ports.inventory.changeTags({ deviceId: progress.deviceId }, tags.add, tags.remove);
      progress = withTagChange(progress, tags);
    }
    const queued = await queueOneOffActions(
      progress.deviceId,
      [...view.tags, ...tags.add],
      pendingActions(rendered.value),
      this.ports,
    );
    if (queued.length > 0) {
      return {
        kind: 'tasks-queued',
        progress: withTagChange(progress, { add: queued, remove: [] }),
      };
    }
    const step = nextConvergenceStep({
      desired: rendered.value,
      device: view,
      now: this.now(),
      quirks: sessionQuirks(progress, this.settings.quirkProfiles).behaviour,
      readThisSession: progress.readSubtrees,
      namesReadThisSession: progress.namesRead,
    });
    const verdict = judgeConvergenceStep(step, progress, this.settings.maxConvergenceRounds);
    if (verdict.kind === 'converged') {
      // The presets in force hold now: faults raised against presets have no cause left.
      await this.faults.resolve(progress.deviceId, { kind: 'converged' });
      return { kind: 'end', progress };
    }
    if (verdict.kind === 'not-converging') {
      await this.faults.raise(progress, {
        code: 'not-converging',
        message: verdict.message,
        sources: applied.map((entry) => entry.source),
      });
      return { kind: 'end', progress: { ...progress, convergenceFault: true } };
    }
    return {
      kind: 'rpc',
      request: verdict.request,
      signature: verdict.signature,
      progress: { ...progress, ...verdict.history },
    };
  }
}
