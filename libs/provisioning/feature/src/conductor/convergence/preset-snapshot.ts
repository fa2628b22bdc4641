import type { SubscriberRecord } from '@acs/contracts';
import type { AppliedConfiguration, DeviceView } from '@acs/provisioning-domain';
import type { PresetSnapshot, PresetSource } from '../../ports';
import { presetApplies } from '../preset-match';

/** A device's pending-work marker is clean only for the revision it was decided under. */
export async function presetRevision(presets: PresetSource): Promise<number> {
  return (await presets.snapshot()).revision;
}

export interface SessionMatch {
  eventCodes: readonly string[];
  now: Date;
  /** Provisioning's view, not the store: at first contact inventory may not have the device. */
  view: DeviceView;
  subscriber: SubscriberRecord | null;
}

/**
 * The snapshot's configurations that apply in this session: every matching preset, then the
 * subscriber's service profile, which zero-touch makes apply like a preset of its own rank.
 * Sources name each one in faults and in the keys of the actions they queue.
 */
export function appliedConfigurations(
  snapshot: PresetSnapshot,
  session: SessionMatch,
  profilePrecedence: number,
): AppliedConfiguration[] {
  const applied: AppliedConfiguration[] = [];
  for (const preset of snapshot.presets) {
    const configuration = snapshot.configurations.get(preset.configurationId);
    if (!configuration) continue;
    if (!presetApplies(preset, session, session.view)) continue;
    applied.push({ configuration, precedence: preset.precedence, source: `preset:${preset.id}` });
  }
  const { subscriber } = session;
  const profile = subscriber?.profile ? snapshot.configurations.get(subscriber.profile) : undefined;
  if (subscriber && profile) {
    applied.push({
      configuration: profile,
      precedence: profilePrecedence,
      source: `subscriber:${subscriber.subscriberId}`,
    });
  }
  return applied;
}
