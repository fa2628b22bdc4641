/**
 * When a device stops counting as online: it promised to inform every PeriodicInformInterval
 * seconds, so it is given `factor` intervals plus a grace period (clock skew, retries, a slow
 * gateway) before the offline sweep announces it gone.
 */
export interface OnlinePolicy {
  /** Intervals a device may miss before it counts as offline. */
  factor: number;
  graceSeconds: number;
  /** Assumed while the device's PeriodicInformInterval is unknown (it is rarely in the Inform). */
  defaultIntervalSeconds: number;
}

export const DEFAULT_ONLINE_POLICY: OnlinePolicy = {
  factor: 2,
  graceSeconds: 60,
  defaultIntervalSeconds: 86_400,
};

export class InvalidOnlinePolicyError extends RangeError {
  override readonly name = 'InvalidOnlinePolicyError';
}

export function checkOnlinePolicy(policy: OnlinePolicy): OnlinePolicy {
  const problems = [
    !(policy.factor >= 1) && `factor must be at least 1, got ${policy.factor}`,
    !(policy.graceSeconds >= 0) && `graceSeconds must be at least 0, got ${policy.graceSeconds}`,
    !(policy.defaultIntervalSeconds > 0) &&
      `defaultIntervalSeconds must be positive, got ${policy.defaultIntervalSeconds}`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) throw new InvalidOnlinePolicyError(problems.join('; '));
  return policy;
}

/** ISO time until which a device that informed at `informAt` counts as online. */
export function onlineUntil(
  informAt: string,
  intervalSeconds: number | undefined,
  policy: OnlinePolicy,
): string {
  const interval = intervalSeconds ?? policy.defaultIntervalSeconds;
  const marginMs = (interval * policy.factor + policy.graceSeconds) * 1000;
  return new Date(Date.parse(informAt) + marginMs).toISOString();
}
