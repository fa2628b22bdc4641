/**
 * Target (b)'s configuration: ten plain writable leaves of the simulator's TR-181 profile, so
 * that converging costs one SetParameterValues of ten values. Each pass replaces it with a new
 * version whose values carry the pass number (strings also the device's serial, through the
 * `{{device:serialNumber}}` template), so that every device has something to apply in every
 * measured session; `convergedDevices` then checks the values on the simulated devices.
 */
import type { ConfigurationBody } from '@acs/contracts';
import type { Simulator } from '@acs/cpe-simulator';

interface Leaf {
  path: string;
  /** The desired value in pass `pass`, for the device `serial` (templates rendered by the ACS). */
  value(pass: number): string | number | boolean;
  /** The same value as the device should end up holding. */
  expected(pass: number, serial: string): string | number | boolean;
}

const SERIAL = '{{device:serialNumber}}';

const templated = (path: string, text: (pass: number, serial: string) => string): Leaf => ({
  path,
  value: (pass) => text(pass, SERIAL),
  expected: (pass, serial) => text(pass, serial),
});

const plain = (path: string, value: (pass: number) => string | number | boolean): Leaf => ({
  path,
  value,
  expected: (pass) => value(pass),
});

/** Ranges and lengths are the profile's (libs/cwmp/simulator/src/profiles/tr181.ts). */
const LEAVES: readonly Leaf[] = [
  templated('Device.WiFi.SSID.1.SSID', (pass, serial) => `${serial}-p${pass}`),
  templated('Device.WiFi.SSID.2.SSID', (pass, serial) => `${serial}-p${pass}-5G`),
  templated(
    'Device.WiFi.AccessPoint.1.Security.KeyPassphrase',
    (pass, serial) => `key-${pass}-${serial}`,
  ),
  templated(
    'Device.WiFi.AccessPoint.2.Security.KeyPassphrase',
    (pass, serial) => `key5-${pass}-${serial}`,
  ),
  templated('Device.WiFi.SSID.1.Alias', (pass, serial) => `ssid1-${pass}-${serial}`),
  plain('Device.WiFi.AccessPoint.1.MaxAssociatedDevices', (pass) => 1 + (pass % 128)),
  plain('Device.WiFi.Radio.1.TransmitPower', (pass) => pass % 101),
  plain('Device.Time.NTPServer1', (pass) => `ntp-${pass}.bench.example`),
  plain('Device.Time.NTPServer2', (pass) => `ntp2-${pass}.bench.example`),
  plain('Device.DHCPv4.Server.Pool.1.DomainName', (pass) => `home-${pass}.lan`),
];

export const SPV_PARAMETERS = LEAVES.length;

export function spvConfiguration(pass: number): ConfigurationBody {
  return {
    name: 'bench spv10',
    description: `bench:provisioning pass ${pass}: ten values, new every pass`,
    parameters: LEAVES.map((leaf) => ({ path: leaf.path, value: leaf.value(pass) })),
  };
}

/** Devices of `simulator` holding all ten values of `pass`; and the first mismatch seen. */
export function convergedDevices(
  simulator: Simulator,
  pass: number,
): { converged: number; firstMismatch: string | null } {
  let converged = 0;
  let firstMismatch: string | null = null;
  for (const device of simulator.devices()) {
    const wrong = LEAVES.find(
      (leaf) => device.parameter(leaf.path)?.value !== leaf.expected(pass, device.serial),
    );
    if (!wrong) converged++;
    else
      firstMismatch ??=
        `${device.serial} ${wrong.path} = ${JSON.stringify(device.parameter(wrong.path)?.value)}, ` +
        `want ${JSON.stringify(wrong.expected(pass, device.serial))}`;
  }
  return { converged, firstMismatch };
}
