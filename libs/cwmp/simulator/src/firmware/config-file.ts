import { DeviceState } from '../model/device-state';
import { RawValue } from '../model/schema';
import { readParameter, resolve, walk } from '../model/tree';
import { coerceForParameter } from '../model/values';

/** The first field of a simulated configuration file: a restore refuses anything else. */
export const CONFIG_FORMAT = 'acs-sim-config/1';

/** A configuration file as the simulator writes it (JSON). */
export interface ConfigurationFile {
  format: typeof CONFIG_FORMAT;
  serial: string;
  productClass: string;
  softwareVersion: string;
  savedAt: string;
  /** Every writable parameter's current value, by path: what a restore puts back. */
  parameters: Record<string, RawValue>;
}

const text = (state: DeviceState, path: string): string =>
  String(readParameter(state, path)?.value ?? '');

/**
 * `1 Vendor Configuration File` for an Upload: the device's configuration, i.e. the current value
 * of every writable parameter (status and counters are not configuration), with who and when.
 */
export function configurationFile(state: DeviceState, now: Date): Buffer {
  const root = resolve(state, `${state.profile.root.name}.`);
  const parameters: Record<string, RawValue> = {};
  if (root) {
    for (const visited of walk(state, root)) {
      if (visited.node.kind !== 'param' || !visited.node.writable) continue;
      const value = readParameter(state, visited.path)?.value;
      if (value !== undefined && value !== null) parameters[visited.path] = value;
    }
  }
  const file: ConfigurationFile = {
    format: CONFIG_FORMAT,
    serial: state.serial,
    productClass: text(state, state.profile.paths.productClass),
    softwareVersion: text(state, state.profile.paths.softwareVersion),
    savedAt: now.toISOString(),
    parameters,
  };
  return Buffer.from(`${JSON.stringify(file, null, 1)}\n`);
}

/** `2 Vendor Log File` for an Upload: a few log lines that say what the device is and runs. */
export function logFile(state: DeviceState, now: Date): Buffer {
  const paths = state.profile.paths;
  const stamp = now.toISOString();
  const lines = [
    `${stamp} ${state.serial} system: ${text(state, paths.productClass)} hardware ${text(state, paths.hardwareVersion)}`,
    `${stamp} ${state.serial} firmware: running ${text(state, paths.softwareVersion)}`,
    `${stamp} ${state.serial} cwmp: ACS ${text(state, paths.acsUrl)}, ${state.queuedTransfers.length} transfer(s) queued`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The configuration a downloaded file holds, or undefined when it is not one (the Download fails 9018). */
export function parseConfigurationFile(content: Buffer): ConfigurationFile | undefined {
  try {
    const file: unknown = JSON.parse(content.toString('utf8'));
    return isConfigurationFile(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `3 Vendor Configuration File` downloaded: puts back the values the file holds. Parameters this
 * device lacks (an instance deleted since, another firmware's) or cannot write are skipped, as
 * are values its types refuse; table instances are not recreated.
 */
export function applyConfiguration(state: DeviceState, file: ConfigurationFile): DeviceState {
  const values = new Map(state.values);
  for (const [path, value] of Object.entries(file.parameters)) {
    const found = resolve(state, path);
    if (found?.entry.role !== 'param' || !found.entry.node.writable) continue;
    const typed =
      typeof value === 'boolean'
        ? ({ type: 'boolean', value } as const)
        : ({ type: 'string', value: String(value) } as const);
    const coerced = coerceForParameter(found.entry.node, typed);
    if (coerced.ok) values.set(path, coerced.value);
  }
  return { ...state, values };
}

function isConfigurationFile(value: unknown): value is ConfigurationFile {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const parameters = record['parameters'];
  return (
    record['format'] === CONFIG_FORMAT &&
    typeof parameters === 'object' &&
    parameters !== null &&
    Object.values(parameters).every((entry) =>
      ['string', 'number', 'boolean'].includes(typeof entry),
    )
  );
}
