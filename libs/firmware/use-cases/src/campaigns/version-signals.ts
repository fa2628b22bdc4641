import type { AcsEvent } from '@acs/contracts';
import type { DeviceSignal } from '@acs/firmware-domain';

/** The parameter (under either data model's root) a device's running version is read from. */
export const SOFTWARE_VERSION = 'DeviceInfo.SoftwareVersion';

/**
 * The version a device reports, by a boot Inform (with what caused the boot: a transfer, a
 * Reboot RPC) or a change of its SoftwareVersion; null for any other event.
 */
export function versionSignalOf(event: AcsEvent): DeviceSignal | null {
  switch (event.type) {
    case 'DeviceBooted':
      return event.softwareVersion === undefined
        ? null
        : {
            kind: 'version-reported',
            version: event.softwareVersion,
            boot: true,
            afterTransfer: event.eventCodes.some(
              (code) => code === '7 TRANSFER COMPLETE' || code === 'M Download',
            ),
            afterReboot: event.eventCodes.includes('M Reboot'),
          };
    case 'DeviceParametersChanged': {
      const change = event.changes.find((c) => c.path.endsWith(SOFTWARE_VERSION));
      return change && change.newValue !== null
        ? { kind: 'version-reported', version: String(change.newValue), boot: false }
        : null;
    }
    default:
      return null;
  }
}
