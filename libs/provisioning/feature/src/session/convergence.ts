import type { AcsRequest } from '@acs/cwmp-codec';
import type { SessionOpened, SubscriberRecord } from '@acs/contracts';
import {
  applyRpcOutcomeToView,
  desiredTagChanges,
  mergeConfigurations,
  nextConvergenceStep,
  pendingActions,
  readsOf,
  renderDesiredState,
  resolveQuirks,
  stepSignature,
  type AppliedConfiguration,
  type DeviceView,
  type QuirkBehaviour,
  type RpcOutcome,
  type SessionProgress,
} from '@acs/provisioning-domain';
import type { PresetSnapshot, ProvisioningPorts } from '../ports';
import type { ProvisioningSettings } from '../settings';
import { queueOneOffActions } from './one-off-actions';
import { nextWindowStart, presetApplies } from './preset-match';
import type { ProvisioningFaults } from './provisioning-faults';
import type { ZeroTouch } from './zero-touch';

export type ConvergenceDecision =
  | { kind: 'rpc'; progress: SessionProgress; request: AcsRequest; signature: string }
  /** One-off actions were queued as tasks: run those first. */
  | { kind: 'tasks-queued'; progress: SessionProgress }
  | { kind: 'end'; progress: SessionProgress };

/**
 * Brings a device to the state its presets and service profile declare, one RPC at a time. The
 * device is seen as stored by inventory, overlaid with the Inform's values and with every answer
 * of this session (replayed in order, so any instance can take over the session). A CPE fault, a
 * template that cannot be filled, a step repeated without effect, or the round limit ends the
 * attempt with a recorded fault, never a loop.
 */
export class Convergence {
  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly settings: ProvisioningSettings,
    private readonly faults: ProvisioningFaults,
    private readonly zeroTouch: ZeroTouch,
    private readonly now: () => Date,
  ) {}

  async revision(): Promise<number> {
    return (await this.ports.presets.snapshot()).revision;
  }

  behaviourOf(progress: SessionProgress): QuirkBehaviour {
    return this.quirksOf(progress).behaviour;
  }

  quirksOf(progress: SessionProgress) {
    return resolveQuirks(
      {
        oui: progress.identity.oui,
        productClass: progress.identity.productClass,
        ...(progress.softwareVersion ? { softwareVersion: progress.softwareVersion } : {}),
      },
      this.settings.quirkProfiles,
    );
  }

  async sessionOpened(progress: SessionProgress, event: SessionOpened): Promise<void> {
    await this.zeroTouch.sessionOpened(progress, event);
  }

  async answered(
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
      await this.faults.raise(progress, {
        code: String(outcome.fault.faultCode),
        message: `${request.type}: ${outcome.fault.faultString}`,
        sources: await this.sourcesOf(progress),
      });
      return { ...next, convergenceFault: true };
    }
    return next;
  }

  async nextStep(progress: SessionProgress): Promise<ConvergenceDecision> {
    if (progress.convergenceFault) return { kind: 'end', progress };
    const snapshot = await this.ports.presets.snapshot();
    const view = await this.view(progress);
    const subscriber = await this.zeroTouch.subscriberOf(progress);
    const applied = this.applied(progress, snapshot, subscriber, view);
    if (applied.length === 0) return { kind: 'end', progress };
    const sources = applied.map((entry) => entry.source);
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
      await this.ports.devices.updateTags({ deviceId: progress.deviceId }, tags.add, tags.remove);
    }
    const queued = await queueOneOffActions(
      progress.deviceId,
      [...view.tags, ...tags.add],
      pendingActions(rendered.value),
      this.ports,
    );
    if (queued > 0) return { kind: 'tasks-queued', progress };
    const step = nextConvergenceStep({
      desired: rendered.value,
      device: view,
      now: this.now(),
      quirks: this.behaviourOf(progress),
      readThisSession: progress.readSubtrees,
      namesReadThisSession: progress.namesRead,
    });
    if (step.kind === 'converged') return { kind: 'end', progress };
    const signature = stepSignature(step);
    if (
      signature === progress.lastStepSignature ||
      progress.rounds >= this.settings.maxConvergenceRounds
    ) {
      await this.faults.raise(progress, {
        code: 'not-converging',
        message:
          signature === progress.lastStepSignature
            ? `the CPE accepted "${step.purpose}" but still differs`
            : `no convergence within ${this.settings.maxConvergenceRounds} RPCs`,
        sources,
      });
      return { kind: 'end', progress: { ...progress, convergenceFault: true } };
    }
    return {
      kind: 'rpc',
      request: step.request,
      signature,
      progress: { ...progress, rounds: progress.rounds + 1, lastStepSignature: signature },
    };
  }

  /**
   * When time alone may give the device work again: a schedule window opening, or, after a
   * fault, the retry delay (so a failing preset is retried with backoff, not every session).
   */
  async nextDue(progress: SessionProgress): Promise<number | null> {
    const now = this.now();
    const snapshot = await this.ports.presets.snapshot();
    const times = snapshot.presets.flatMap((preset) =>
      preset.enabled !== false && preset.match.schedule
        ? [nextWindowStart(preset.match.schedule, now)]
        : [],
    );
    if (progress.convergenceFault) times.push(now.getTime() + this.settings.retryDelayMs);
    const refresh = snapshot.presets.flatMap(
      (preset) => snapshot.configurations.get(preset.configurationId)?.refresh ?? [],
    );
    if (refresh.length > 0) {
      times.push(now.getTime() + Math.min(...refresh.map((policy) => policy.maxAgeSeconds)) * 1000);
    }
    return times.length === 0 ? null : Math.min(...times);
  }

  private applied(
    progress: SessionProgress,
    snapshot: PresetSnapshot,
    subscriber: SubscriberRecord | null,
    view: DeviceView,
  ): AppliedConfiguration[] {
    const session = { eventCodes: progress.eventCodes, now: this.now() };
    const applied: AppliedConfiguration[] = [];
    for (const preset of snapshot.presets) {
      const configuration = snapshot.configurations.get(preset.configurationId);
      if (!configuration) continue;
      if (!presetApplies(preset, session, view)) continue;
      applied.push({ configuration, precedence: preset.precedence, source: `preset:${preset.id}` });
    }
    const profile = subscriber?.profile
      ? snapshot.configurations.get(subscriber.profile)
      : undefined;
    if (subscriber && profile) {
      applied.push({
        configuration: profile,
        precedence: this.settings.subscriberProfilePrecedence,
        source: `subscriber:${subscriber.subscriberId}`,
      });
    }
    return applied;
  }

  private async sourcesOf(progress: SessionProgress): Promise<string[]> {
    const snapshot = await this.ports.presets.snapshot();
    const subscriber = await this.zeroTouch.subscriberOf(progress);
    const view = await this.view(progress);
    return this.applied(progress, snapshot, subscriber, view).map((entry) => entry.source);
  }

  /** The stored device, then the Inform's values, then the session's answers, in order. */
  private async view(progress: SessionProgress): Promise<DeviceView> {
    const stored = await this.ports.devices.get(progress.deviceId);
    const at = this.now();
    let view: DeviceView = stored
      ? { ...stored, parameters: { ...stored.parameters } }
      : {
          deviceId: progress.deviceId,
          ...progress.identity,
          tags: [],
          dataModelRoot: null,
          parameters: {},
        };
    if (progress.informValues.length > 0) {
      view = applyRpcOutcomeToView(
        view,
        { type: 'GetParameterValues', parameterNames: progress.informValues.map((v) => v.name) },
        {
          kind: 'response',
          response: { type: 'GetParameterValuesResponse', parameters: progress.informValues },
        },
        at,
      );
    }
    for (const answer of progress.answers) {
      view = applyRpcOutcomeToView(view, answer.request, answer.outcome, new Date(answer.at));
    }
    return view;
  }
}
