import type { FailureClass, FailureKind, StopRule } from './campaign-plan';

export interface FinishedDevice {
  readonly deviceId: string;
  /** Absent: it ended well (confirmed). */
  readonly failure?: FailureKind;
}

export interface FailureCounts {
  readonly confirmed: number;
  readonly unconfirmed: number;
}

export interface FiredStopRule {
  readonly rule: StopRule;
  readonly ruleIndex: number;
  /** What was seen, in words an operator reads in the pause reason. */
  readonly observed: string;
  /** The failed devices behind it (the most recent first, at most `MAX_NAMED_DEVICES`). */
  readonly devices: readonly string[];
}

export const MAX_NAMED_DEVICES = 100;

function counts(failures: FailureClass, kind: FailureKind | undefined): boolean {
  return kind !== undefined && (failures === 'any' || failures === kind);
}

function total(failures: FailureClass, of: FailureCounts): number {
  if (failures === 'any') return of.confirmed + of.unconfirmed;
  return of[failures];
}

/**
 * The first stop rule that holds, or null. `recent` lists finished devices newest first, at least
 * as many as the widest ratio rule looks at (fewer when fewer finished).
 */
export function firedStopRule(
  rules: readonly StopRule[],
  failures: FailureCounts,
  recent: readonly FinishedDevice[],
): FiredStopRule | null {
  for (const [ruleIndex, rule] of rules.entries()) {
    if (rule.kind === 'count') {
      const failed = total(rule.failures, failures);
      if (failed < rule.atLeast) continue;
      const devices = recent.filter((device) => counts(rule.failures, device.failure));
      return {
        rule,
        ruleIndex,
        observed: `${failed} ${describe(rule.failures)} failures (the rule stops at ${rule.atLeast})`,
        devices: devices.slice(0, MAX_NAMED_DEVICES).map((device) => device.deviceId),
      };
    }
    if (recent.length < rule.over) continue;
    const window = recent.slice(0, rule.over);
    const failed = window.filter((device) => counts(rule.failures, device.failure));
    const fraction = failed.length / rule.over;
    if (fraction < rule.atLeast) continue;
    return {
      rule,
      ruleIndex,
      observed:
        `${failed.length} of the last ${rule.over} devices had ${describe(rule.failures)} ` +
        `failures (${round(fraction)}; the rule stops at ${rule.atLeast})`,
      devices: failed.slice(0, MAX_NAMED_DEVICES).map((device) => device.deviceId),
    };
  }
  return null;
}

function describe(failures: FailureClass): string {
  return failures === 'any' ? 'any' : failures;
}

function round(fraction: number): string {
  return String(Math.round(fraction * 1000) / 1000);
}

/** How many finished devices the rules need to see, newest first. */
export function recentWindowNeeded(rules: readonly StopRule[]): number {
  return rules.reduce(
    (most, rule) => Math.max(most, rule.kind === 'ratio' ? rule.over : MAX_NAMED_DEVICES),
    0,
  );
}
