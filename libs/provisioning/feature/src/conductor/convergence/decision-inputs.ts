import type { SubscriberRecord } from '@acs/contracts';
import type { AppliedConfiguration, DeviceView, SessionProgress } from '@acs/provisioning-domain';
import type { PresetSnapshot, ProvisioningPorts } from '../../ports';
import type { ProvisioningSettings } from '../../settings';
import type { ZeroTouch } from '../zero-touch';
import { connectionRequestCredentialsApplied } from './connection-request-credentials';
import { appliedConfigurations } from './preset-snapshot';
import { sessionQuirks } from './quirk-resolution';
import { sessionView } from './session-view';

/** Everything a convergence decision is made from. */
export interface DecisionInput {
  snapshot: PresetSnapshot;
  view: DeviceView;
  subscriber: SubscriberRecord | null;
  /** Empty when no preset matches and no profile applies: nothing to converge to. */
  applied: AppliedConfiguration[];
}

/**
 * Reads the inputs afresh for every decision rather than caching them in the session: presets
 * and subscriber records change while sessions run, and the progress record must stay small.
 */
export class DecisionInputs {
  constructor(
    private readonly ports: ProvisioningPorts,
    private readonly settings: ProvisioningSettings,
    private readonly zeroTouch: ZeroTouch,
    private readonly now: () => Date,
  ) {}

  async read(progress: SessionProgress): Promise<DecisionInput> {
    const snapshot = await this.ports.presets.snapshot();
    const stored = await this.ports.devices.get(progress.deviceId);
    const view = sessionView(stored, progress, this.now());
    const subscriber = await this.zeroTouch.subscriberOf(progress);
    const applied = appliedConfigurations(
      snapshot,
      { eventCodes: progress.eventCodes, now: this.now(), view, subscriber },
      this.settings.subscriberProfilePrecedence,
    );
    const credentials = this.connectionRequestCredentials(progress, view, stored);
    if (credentials) applied.push(credentials);
    return { snapshot, view, subscriber, applied };
  }

  private connectionRequestCredentials(
    progress: SessionProgress,
    view: DeviceView,
    stored: Awaited<ReturnType<ProvisioningPorts['devices']['get']>>,
  ): AppliedConfiguration | null {
    const source = this.ports.connectionRequestCredentials;
    if (!source || this.settings.connectionRequestCredentials !== 'platform') return null;
    const quirks = sessionQuirks(progress, this.settings.quirkProfiles).behaviour;
    if (quirks.ownConnectionRequestCredentials) return null;
    return connectionRequestCredentialsApplied(view, stored, source(progress.deviceId));
  }
}
