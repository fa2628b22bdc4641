import type { Campaign, CampaignDevice } from '@acs/firmware-data-access';
import { ROLLBACK_IN_FLIGHT_STATES, startBudget } from '@acs/firmware-domain';
import type { InFlightDevices } from './device-moves';
import type { RollbackPorts } from './rollback-moves';
import { moveRollbackOnSignal, rollingOf, startRollback } from './rollback-moves';

/** The states the turn looks at for rollbacks: those waited for, and those to begin. */
export const ROLLBACK_WATCHED_STATES = [...ROLLBACK_IN_FLIGHT_STATES, 'rollback-pending'] as const;

/**
 * The rollbacks' share of an engine turn over one campaign (paused, or resumed since): times out
 * the devices that did not answer, and begins pending ones within the plan's limits (a rollback
 * reboots devices: it is held to the rate the operator gave the rollout). `watched`: the
 * campaign's devices in ROLLBACK_WATCHED_STATES, as the turn read them. The ids of the devices
 * whose rollback is under way after it.
 */
export async function advanceRollbacks(
  ports: RollbackPorts,
  campaign: Campaign,
  watched: readonly CampaignDevice[],
  now: Date,
  inFlight?: InFlightDevices,
): Promise<string[]> {
  const { plan } = campaign;
  const limit = plan.confirmTimeoutSeconds * 1000;
  const under: string[] = [];
  let startedLastMinute = 0;
  for (const device of watched) {
    if (!ROLLBACK_IN_FLIGHT_STATES.includes(device.state)) continue;
    const started = Date.parse(rollingOf(device)?.rollback.startedAt ?? '');
    if (!Number.isFinite(started) || started + limit <= now.getTime()) {
      await moveRollbackOnSignal(ports, device, { kind: 'timed-out' }, now, inFlight);
      continue;
    }
    under.push(device.deviceId);
    if (started > now.getTime() - 60_000) startedLastMinute += 1;
  }
  const budget = startBudget(plan, under.length, startedLastMinute);
  const pending = watched.filter((device) => device.state === 'rollback-pending');
  for (const device of pending.slice(0, budget)) {
    await startRollback(ports, campaign, device, now, inFlight);
    under.push(device.deviceId);
  }
  return under;
}
