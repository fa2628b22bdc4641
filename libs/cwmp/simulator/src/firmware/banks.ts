import { DeviceState, withEvent } from '../model/device-state';
import { FirmwareBanks, Profile } from '../model/profile';
import { RawValue } from '../model/schema';
import { instancesOf, readParameter } from '../model/tree';

/** An installed image as the device records it. */
export interface InstalledImage {
  version: string;
  /** FirmwareImage.{i}.Name: the file's name (at most 64 characters kept). */
  name: string;
}

/** Statuses a bank cannot boot from: the image is missing or already failed to start. */
const UNBOOTABLE = new Set(['NoImage', 'ActivationFailed', 'InstallationFailed']);

function bankNumber(banks: FirmwareBanks, reference: string): number | undefined {
  const trimmed = reference.endsWith('.') ? reference.slice(0, -1) : reference;
  if (!trimmed.startsWith(banks.table)) return undefined;
  const rest = trimmed.slice(banks.table.length);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

const bankPath = (banks: FirmwareBanks, bank: number, name: string): string =>
  `${banks.table}${bank}.${name}`;

const bankReference = (banks: FirmwareBanks, bank: number): string => `${banks.table}${bank}`;

function read(state: DeviceState, path: string): RawValue | undefined {
  return readParameter(state, path)?.value ?? undefined;
}

function withValues(state: DeviceState, entries: readonly (readonly [string, RawValue])[]) {
  const values = new Map(state.values);
  for (const [path, value] of entries) values.set(path, value);
  return { ...state, values };
}

/** The bank a reference names, when the device has it. */
function existingBank(state: DeviceState, banks: FirmwareBanks, reference: string) {
  const bank = bankNumber(banks, reference);
  return bank !== undefined && instancesOf(state, banks.table).includes(bank) ? bank : undefined;
}

/**
 * The device restarts: a dual-bank device runs the bank BootFirmwareImage names when that bank is
 * available and bootable (SoftwareVersion becomes its Version), else stays on the active one.
 * `failsToBoot`: the image does not start (the device falls back to the active bank and records
 * why; BootFirmwareImage keeps pointing at the failed bank, as TR-181 requires). One bank: nothing
 * to choose, the version is already what was flashed.
 */
export function bootFirmware(state: DeviceState, failsToBoot = false): DeviceState {
  const banks = state.profile.firmwareBanks;
  if (!banks) return state;
  const active = existingBank(state, banks, String(read(state, banks.active) ?? ''));
  const target = existingBank(state, banks, String(read(state, banks.boot) ?? ''));
  if (target === undefined || target === active) return state;
  const status = String(read(state, bankPath(banks, target, 'Status')));
  if (read(state, bankPath(banks, target, 'Available')) !== true || UNBOOTABLE.has(status))
    return state;
  if (failsToBoot) {
    return withValues(state, [
      [bankPath(banks, target, 'Status'), 'ActivationFailed'],
      [
        bankPath(banks, target, 'BootFailureLog'),
        `image did not start; fell back to ${active === undefined ? 'the running image' : bankReference(banks, active)}`,
      ],
    ]);
  }
  const version = String(read(state, bankPath(banks, target, 'Version')) ?? '');
  return withValues(state, [
    ...(active === undefined ? [] : [[bankPath(banks, active, 'Status'), 'Available'] as const]),
    [bankPath(banks, target, 'Status'), 'Active'],
    [bankPath(banks, target, 'BootFailureLog'), ''],
    [banks.active, bankReference(banks, target)],
    [state.profile.paths.softwareVersion, version],
  ]);
}

/**
 * A firmware image downloaded and checked: the device writes it (dual bank: into the bank that
 * is not running, which BootFirmwareImage then names) and reboots (`1 BOOT`). With `boots` false
 * the new image does not start and SoftwareVersion stays the old one.
 */
export function installFirmware(
  state: DeviceState,
  image: InstalledImage,
  boots: boolean,
): DeviceState {
  const booted = withEvent(state, '1 BOOT');
  const banks = state.profile.firmwareBanks;
  if (!banks) {
    return boots
      ? withValues(booted, [[state.profile.paths.softwareVersion, image.version]])
      : booted;
  }
  const active = existingBank(state, banks, String(read(state, banks.active) ?? ''));
  const target = instancesOf(state, banks.table).find((bank) => bank !== active);
  if (target === undefined) return booted; // one bank only: nowhere to write beside the running image
  const written = withValues(booted, [
    [bankPath(banks, target, 'Name'), image.name.slice(0, 64)],
    [bankPath(banks, target, 'Version'), image.version],
    [bankPath(banks, target, 'Available'), true],
    [bankPath(banks, target, 'Status'), 'Available'],
    [bankPath(banks, target, 'BootFailureLog'), ''],
    [banks.boot, bankReference(banks, target)],
  ]);
  return bootFirmware(written, !boots);
}

/**
 * TR-181's rules a SetParameterValues must keep (9007 otherwise): BootFirmwareImage names an
 * existing bank whose Available is true, and Available cannot become false on the active bank or
 * the one BootFirmwareImage names. `accepted` holds the values the SPV would set.
 */
export function firmwareSetFaults(
  state: DeviceState,
  accepted: ReadonlyMap<string, RawValue>,
): string[] {
  const banks = state.profile.firmwareBanks;
  if (!banks) return [];
  const after = (path: string): RawValue | undefined =>
    accepted.has(path) ? accepted.get(path) : read(state, path);
  const bad: string[] = [];
  const boot = existingBank(state, banks, String(after(banks.boot) ?? ''));
  if (accepted.has(banks.boot)) {
    if (boot === undefined || after(bankPath(banks, boot, 'Available')) !== true)
      bad.push(banks.boot);
  }
  const active = existingBank(state, banks, String(read(state, banks.active) ?? ''));
  for (const bank of [active, boot]) {
    if (bank === undefined) continue;
    const available = bankPath(banks, bank, 'Available');
    if (accepted.get(available) === false && !bad.includes(available)) bad.push(available);
  }
  return bad;
}

/** The firmware a device runs survives a factory reset: these values go over the factory ones. */
export function firmwareValues(state: DeviceState): [string, RawValue][] {
  const banks = state.profile.firmwareBanks;
  const paths = state.profile.paths;
  return [...state.values].filter(
    ([path]) =>
      path === paths.softwareVersion ||
      (banks !== undefined &&
        (path === banks.active || path === banks.boot || path.startsWith(banks.table))),
  );
}

/** Factory values of a device built to run `version`: SoftwareVersion and the running bank's. */
export function factoryFirmware(profile: Profile, version: string): [string, RawValue][] {
  const banks = profile.firmwareBanks;
  const entries: [string, RawValue][] = [[profile.paths.softwareVersion, version]];
  if (banks) {
    entries.push([bankPath(banks, 1, 'Version'), version]);
    entries.push([bankPath(banks, 1, 'Name'), `firmware-${version}.img`.slice(0, 64)]);
  }
  return entries;
}
