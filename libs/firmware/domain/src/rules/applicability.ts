import { compareVersions } from '../versions/compare-versions';
import { parseVersionConstraint } from '../versions/version-constraint';
import { globMatcher } from './glob';

/** Which devices an image is for, and over which of their versions it may be installed. */
export interface ApplicabilityRules {
  /** ManufacturerOUIs, exact (6 upper-case hex digits); at least one. */
  readonly ouis: readonly string[];
  /** ProductClass patterns (see globMatcher); absent or empty: any. */
  readonly productClasses?: readonly string[];
  /** HardwareVersion patterns; absent or empty: any. */
  readonly hardwareVersions?: readonly string[];
  /** The SoftwareVersions it may be installed over (see parseVersionConstraint); absent: any. */
  readonly appliesOver?: string;
  /**
   * Whether it may replace a newer version (only ever when an operator targets it). Absent:
   * never downgrade, also when the two versions are unordered.
   */
  readonly allowDowngrade?: boolean;
}

/** What a device says of itself in its Inform's DeviceId and DeviceInfo. */
export interface DeviceModel {
  readonly oui: string;
  readonly productClass?: string;
  readonly hardwareVersion?: string;
}

export interface DeviceFacts extends DeviceModel {
  readonly softwareVersion?: string;
}

/**
 * Whether the rules name this model. A pattern list needs the device to report the value: a
 * device without a HardwareVersion matches no HardwareVersion pattern.
 */
export function rulesMatchModel(rules: ApplicabilityRules, device: DeviceModel): boolean {
  if (!rules.ouis.some((oui) => oui.toUpperCase() === device.oui.toUpperCase())) return false;
  return (
    patternsMatch(rules.productClasses, device.productClass) &&
    patternsMatch(rules.hardwareVersions, device.hardwareVersion)
  );
}

function patternsMatch(patterns: readonly string[] | undefined, value: string | undefined) {
  if (!patterns || patterns.length === 0) return true;
  if (value === undefined) return false;
  return patterns.some((pattern) => globMatcher(pattern)(value));
}

export type NotApplicableReason = 'unknown-current-version' | 'not-over-current' | 'downgrade';

/**
 * Why an image of `imageVersion` may not be installed over what the device runs now, or null
 * when it may. The same version again is not refused here (the caller decides it is not needed).
 */
export function installRefusal(
  rules: ApplicabilityRules,
  imageVersion: string,
  currentVersion: string | undefined,
): NotApplicableReason | null {
  const constrained = rules.appliesOver !== undefined && rules.appliesOver.trim() !== '';
  if (currentVersion === undefined)
    return constrained || !rules.allowDowngrade ? 'unknown-current-version' : null;
  if (constrained && !parseVersionConstraint(rules.appliesOver ?? '')(currentVersion))
    return 'not-over-current';
  if (rules.allowDowngrade) return null;
  const order = compareVersions(imageVersion, currentVersion);
  return order === undefined || order < 0 ? 'downgrade' : null;
}
