import type { AcsRequest } from '@acs/cwmp-codec';
import type { SessionOpened } from '@acs/contracts';
import type {
  QuirkBehaviour,
  ResolvedQuirks,
  RpcOutcome,
  SessionProgress,
} from '@acs/provisioning-domain';
import type { ProvisioningPorts } from '../../ports';
import type { ProvisioningSettings } from '../../settings';
import type { ProvisioningFaults } from '../provisioning-faults';
import type { ZeroTouch } from '../zero-touch';
import { AnswerRecording } from './answer-recording';
import { DecisionInputs } from './decision-inputs';
import { DecisionLoop, type ConvergenceDecision } from './decision-loop';
import { nextDueTime } from './due-times';
import { presetRevision } from './preset-snapshot';
import { sessionQuirks } from './quirk-resolution';

export type { ConvergenceDecision } from './decision-loop';

/**
 * Brings a device to the state its presets and service profile declare, one RPC at a time, for
 * the session conductor. The device is seen as stored by inventory, overlaid with the Inform's
 * values and with every answer of this session (replayed in order, so any instance can take over
 * the session). The parts it composes each do one job; the rules that stop a loop are the
 * domain's (`judgeConvergenceStep`).
 */
export class Convergence {
  private readonly answers: AnswerRecording;
  private readonly loop: DecisionLoop;

  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly settings: ProvisioningSettings,
    faults: ProvisioningFaults,
    private readonly zeroTouch: ZeroTouch,
    private readonly now: () => Date,
  ) {
    const inputs = new DecisionInputs(ports, settings, zeroTouch, now);
    this.answers = new AnswerRecording(faults, inputs, now);
    this.loop = new DecisionLoop(ports, settings, faults, inputs, now);
  }

  revision(): Promise<number> {
    return presetRevision(this.ports.presets);
  }

  behaviourOf(progress: SessionProgress): QuirkBehaviour {
    return this.quirksOf(progress).behaviour;
  }

  quirksOf(progress: SessionProgress): ResolvedQuirks {
    return sessionQuirks(progress, this.settings.quirkProfiles);
  }

  sessionOpened(progress: SessionProgress, event: SessionOpened): Promise<SessionProgress> {
    return this.zeroTouch.sessionOpened(progress, event);
  }

  answered(
    progress: SessionProgress,
    request: AcsRequest,
    outcome: RpcOutcome,
  ): Promise<SessionProgress> {
    return this.answers.record(progress, request, outcome);
  }

  nextStep(progress: SessionProgress): Promise<ConvergenceDecision> {
    return this.loop.nextStep(progress);
  }

  async nextDue(progress: SessionProgress): Promise<number | null> {
    const snapshot = await this.ports.presets.snapshot();
    return nextDueTime(snapshot, progress, this.now(), this.settings.retryDelayMs);
  }
}
