/**
 * What a device does wrong with a firmware Download (only `1 Firmware Upgrade Image`):
 * - a fault code (`'9010'`, `'9017'`, a vendor `'9850'`, ...): the device reads the image's header,
 *   drops the connection and reports TransferComplete with that code; `'9018'` (file corrupted)
 *   instead reads the whole image first, as a checksum that fails at the end would;
 * - `no-transfer-complete`: installs and reboots into the new version, but never sends
 *   TransferComplete (its Inform carries `1 BOOT` without `7 TRANSFER COMPLETE`/`M Download`);
 * - `silent`: reads the header, drops the connection and forgets the transfer: no report, no
 *   reboot, the version unchanged;
 * - `old-version-after-reboot`: TransferComplete with no fault and `1 BOOT`, but the image does
 *   not boot and SoftwareVersion stays the old one (dual bank: the bank's Status ActivationFailed);
 * - `empty-command-key`: succeeds, but the TransferComplete and `M Download` carry an empty
 *   CommandKey (a quirk, not a failure).
 */
export type FirmwareFailureMode =
  | 'no-transfer-complete'
  | 'silent'
  | 'old-version-after-reboot'
  | 'empty-command-key'
  | `${number}`;

export interface FirmwareFailure {
  /** Share of the fleet (0..1) the rule picks, by a hash of the serial number. */
  share: number;
  mode: FirmwareFailureMode;
  /** Only when the image being installed has this version. */
  onlyVersion?: string;
  /** Only devices of this ProductClass. */
  productClass?: string;
}

const NAMED_MODES: ReadonlySet<string> = new Set([
  'no-transfer-complete',
  'silent',
  'old-version-after-reboot',
  'empty-command-key',
]);

/** Throws a RangeError naming the first bad rule: shares in 0..1 adding up to at most 1, known modes. */
export function checkFirmwareFailures(rules: readonly FirmwareFailure[]): void {
  let total = 0;
  for (const rule of rules) {
    if (!(rule.share >= 0 && rule.share <= 1))
      throw new RangeError(`firmware failure share must be between 0 and 1, got ${rule.share}`);
    total += rule.share;
    if (!NAMED_MODES.has(rule.mode) && faultCodeOf(rule.mode) === undefined)
      throw new RangeError(
        `unknown firmware failure mode "${rule.mode}" (a fault code 9000-9899, ${[...NAMED_MODES].join(', ')})`,
      );
  }
  // Rules take consecutive bands of the same hash, so the sets they pick never overlap.
  if (total > 1 + 1e-9)
    throw new RangeError(`firmware failure shares add up to ${total}, more than 1`);
}

/** The fault code a mode stands for, or undefined for the named modes. */
export function faultCodeOf(mode: FirmwareFailureMode): number | undefined {
  if (!/^9\d{3}$/.test(mode)) return undefined;
  const code = Number(mode);
  return code >= 9000 && code <= 9899 ? code : undefined;
}

/**
 * Where a serial number falls in [0, 1): FNV-1a and a final avalanche, so consecutive serials
 * (SIM000001, SIM000002) land far apart. The same in every process: a test computes it too.
 */
export function serialPosition(serial: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < serial.length; index++) {
    hash ^= serial.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/**
 * The rule a device follows when installing `version` (undefined: it behaves). Rule i owns the
 * band [sum of earlier shares, + its share) of serialPosition; a device in a rule's band follows
 * it when the rule's filters match, so "30 % of ProductClass X fail with 9010 on 2.1.0" picks the
 * same devices every run, in any process, and a retry of the same image fails again.
 */
export function firmwareFailureFor(
  rules: readonly FirmwareFailure[],
  device: { serial: string; productClass: string },
  version: string | undefined,
): FirmwareFailure | undefined {
  const position = serialPosition(device.serial);
  let start = 0;
  for (const rule of rules) {
    const end = start + rule.share;
    if (position >= start && position < end) {
      const matches =
        (rule.productClass === undefined || rule.productClass === device.productClass) &&
        (rule.onlyVersion === undefined || rule.onlyVersion === version);
      return matches ? rule : undefined;
    }
    start = end;
  }
  return undefined;
}
