import { parseArgs } from 'node:util';
import { checkFirmwareFailures } from '@acs/cpe-simulator';
import type { DeviceQuirks, DiagnosticBehaviour, SimulatorOptions } from '@acs/cpe-simulator';
import { parseFirmwareFailure } from './firmware-failure-option';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run sim -- --acs <url> [options]
  --acs <url>              ACS URL (required), e.g. http://127.0.0.1:7547/
  --devices <n>            number of simulated CPEs (default 1)
  --processes <n>          spread the CPEs over n simulator processes, one core each (default 1)
  --profile <tr181|tr098>  data model (default tr181)
  --serial <pattern>       serial numbers, one %d or %0Nd (default SIM%06d)
  --first <n>              first ordinal (default 0)
  --concurrency <n>        sessions in flight at most (default 100)
  --boot-spread <ms>       spread of the first informs (default 0: boot storm)
  --periodic <s>           PeriodicInformInterval in seconds (default 86400)
  --no-periodic            no periodic informs
  --jitter <0..1>          periodic interval jitter (default 0.1)
  --duration <s>           stop after this many seconds (default: run until Ctrl-C)
  --acs-password <p>       ManagementServer.Password (the username is the serial)
  --cr-host <host>         listen for connection requests (HTTP and UDP) on this host, an
                           address the ACS can reach (e.g. 127.0.0.1); without it the CPEs
                           report no ConnectionRequestURL and cannot be woken
  --cr-password <p>        ConnectionRequestPassword
  --timeout <ms>           HTTP request timeout (default 30000)
  --namespace <uri>        cwmp namespace to write
  --cwmp-versions <list>   announce SupportedCWMPVersions (CWMP 1.4), e.g. 1.0,1.4
  --quirks <list>          comma list: no-cookies, booleans-as-digits, chunked, latin1,
                           empty-post-content-type, no-xsi-type, auth-on-new-connection,
                           empty-transfer-command-key (TransferComplete with CommandKey ""),
                           no-preemptive-auth (forget the Digest nonce after each session:
                           every session takes a 401; by default the next one reuses it)
  --product-class <name>   DeviceInfo.ProductClass (and the Inform's) instead of the profile's
  --hardware-version <v>   DeviceInfo.HardwareVersion (an image's hardware= must match it)
  --software-version <v>   the firmware version the devices run from the factory
  --firmware-failure <share>:<mode>[:<productClass>[:<version>]]
                           repeatable: a share of the devices (0.3 or 30%, picked by a hash
                           of the serial, the same every run; rules take disjoint shares)
                           misbehaves on firmware Downloads, optionally only devices of that
                           ProductClass installing that version (empty productClass: any).
                           Modes: a fault code (9010 download failure, 9018 corrupted, any
                           9000-9899), no-transfer-complete (reboots into the new version,
                           never reports), silent (reads the header, then forgets the
                           transfer: no report, no reboot), old-version-after-reboot
                           (TransferComplete without fault, 1 BOOT, old SoftwareVersion),
                           empty-command-key. E.g. --firmware-failure 30%:9010:Model-X:2.1.0
  --diag-latency <ms>[:<jitter ms>]
                           TR-143 diagnostics: round-trip times, uniform in mean ± jitter (12:4)
  --diag-loss <share>      share of ping, UDP echo probes lost, 0 to 1 (0)
  --diag-hops <n>          hops of a trace route (5)
  --diag-throughput <bps>  download and upload diagnostics throughput (100000000)
                           Host names ending .invalid do not resolve.
  --help, -h               this text`;

const QUIRK_FLAGS: Record<string, keyof DeviceQuirks> = {
  'no-cookies': 'noCookies',
  'booleans-as-digits': 'booleansAsDigits',
  chunked: 'chunkedBodies',
  latin1: 'latin1Bodies',
  'empty-post-content-type': 'emptyPostContentType',
  'no-xsi-type': 'noXsiType',
  'auth-on-new-connection': 'authOnNewConnection',
  'no-preemptive-auth': 'noPreemptiveAuth',
  'empty-transfer-command-key': 'emptyTransferCommandKey',
};

export interface CliOptions {
  simulator: SimulatorOptions;
  durationSeconds: number | undefined;
  /** Simulator processes the devices are spread over (1: this process runs them). */
  processes: number;
}

/** Whether the command line asks for the usage (`--help`, `-h`), whatever else it holds. */
export function asksForHelp(argv: string[]): boolean {
  const { values } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    strict: false,
  });
  return values.help === true;
}

function integer(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${text}"`);
  return value;
}

/** The --diag-* flags given, as the simulator's diagnostics behaviour. */
function diagnosticOptions(values: Record<string, unknown>): Partial<DiagnosticBehaviour> {
  const text = (name: string) => values[name] as string | undefined;
  const options: Partial<DiagnosticBehaviour> = {};
  const latency = text('diag-latency');
  if (latency !== undefined) {
    const [mean, jitter = '0'] = latency.split(':').map((part) => part.trim());
    const parsed = { mean: Number(mean), jitter: Number(jitter) };
    if (!(parsed.mean >= 0 && parsed.jitter >= 0))
      throw new UsageError(`--diag-latency must be <ms>[:<jitter ms>], got "${latency}"`);
    options.latencyMs = parsed;
  }
  const loss = text('diag-loss');
  if (loss !== undefined) {
    const share = Number(loss);
    if (!(share >= 0 && share <= 1))
      throw new UsageError(`--diag-loss must be between 0 and 1, got "${loss}"`);
    options.lossRate = share;
  }
  if (text('diag-hops') !== undefined) options.hops = integer('diag-hops', text('diag-hops'), 5, 1);
  if (text('diag-throughput') !== undefined)
    options.throughputBps = integer('diag-throughput', text('diag-throughput'), 0, 1);
  return options;
}

/** Reads the command line into simulator options; bad input throws a UsageError naming the flag. */
export function parseCliOptions(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        acs: { type: 'string' },
        devices: { type: 'string' },
        processes: { type: 'string' },
        profile: { type: 'string' },
        serial: { type: 'string' },
        first: { type: 'string' },
        concurrency: { type: 'string' },
        'boot-spread': { type: 'string' },
        periodic: { type: 'string' },
        'no-periodic': { type: 'boolean' },
        jitter: { type: 'string' },
        duration: { type: 'string' },
        'acs-password': { type: 'string' },
        'cr-host': { type: 'string' },
        'cr-password': { type: 'string' },
        timeout: { type: 'string' },
        namespace: { type: 'string' },
        'cwmp-versions': { type: 'string' },
        quirks: { type: 'string' },
        'product-class': { type: 'string' },
        'hardware-version': { type: 'string' },
        'software-version': { type: 'string' },
        'firmware-failure': { type: 'string', multiple: true },
        'diag-latency': { type: 'string' },
        'diag-loss': { type: 'string' },
        'diag-hops': { type: 'string' },
        'diag-throughput': { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values;
  if (!values.acs) throw new UsageError('--acs is required');
  try {
    new URL(values.acs);
  } catch {
    throw new UsageError(`--acs is not a URL: "${values.acs}"`);
  }
  const profile = values.profile ?? 'tr181';
  if (profile !== 'tr181' && profile !== 'tr098')
    throw new UsageError(`--profile must be tr181 or tr098, got "${profile}"`);
  const jitter = values.jitter === undefined ? 0.1 : Number(values.jitter);
  if (!(jitter >= 0 && jitter <= 1))
    throw new UsageError(`--jitter must be between 0 and 1, got "${values.jitter}"`);

  const quirks: Partial<DeviceQuirks> = {};
  for (const name of (values.quirks ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const key = QUIRK_FLAGS[name];
    if (!key)
      throw new UsageError(
        `unknown quirk "${name}" (known: ${Object.keys(QUIRK_FLAGS).join(', ')})`,
      );
    (quirks as Record<string, boolean>)[key] = true;
  }
  if (values.namespace) quirks.namespace = values.namespace;
  if (values['cwmp-versions']) {
    const versions = values['cwmp-versions'].split(',').map((version) => version.trim());
    if (!versions.every((version) => /^1\.[0-4]$/.test(version))) {
      throw new UsageError(
        `--cwmp-versions must list versions 1.0 to 1.4, got "${values['cwmp-versions']}"`,
      );
    }
    quirks.supportedCwmpVersions = versions;
  }

  const firmwareFailures = (values['firmware-failure'] ?? []).map((text) => {
    try {
      return parseFirmwareFailure(text);
    } catch (error) {
      throw new UsageError(`--firmware-failure: ${(error as Error).message}`);
    }
  });
  try {
    checkFirmwareFailures(firmwareFailures);
  } catch (error) {
    throw new UsageError(`--firmware-failure: ${(error as Error).message}`);
  }

  const diagnostics = diagnosticOptions(values);
  const simulator: SimulatorOptions = {
    acsUrl: values.acs,
    devices: integer('devices', values.devices, 1),
    profile,
    serialPattern: values.serial ?? 'SIM%06d',
    firstOrdinal: integer('first', values.first, 0),
    concurrency: integer('concurrency', values.concurrency, 100, 1),
    bootSpreadMs: integer('boot-spread', values['boot-spread'], 0),
    periodicEnabled: !values['no-periodic'],
    periodicIntervalSeconds: integer('periodic', values.periodic, 86400, 1),
    periodicJitter: jitter,
    requestTimeoutMs: integer('timeout', values.timeout, 30_000, 1),
    acsPassword: values['acs-password'] ?? '',
    connectionRequestPassword: values['cr-password'] ?? '',
    quirks,
    connectionRequests: values['cr-host'] ? { host: values['cr-host'] } : false,
    ...(firmwareFailures.length > 0 ? { firmwareFailures } : {}),
    ...(Object.keys(diagnostics).length > 0 ? { diagnostics } : {}),
    ...(values['product-class'] ? { productClass: values['product-class'] } : {}),
    ...(values['hardware-version'] ? { hardwareVersion: values['hardware-version'] } : {}),
    ...(values['software-version'] ? { softwareVersion: values['software-version'] } : {}),
  };
  const duration =
    values.duration === undefined ? undefined : integer('duration', values.duration, 0, 1);
  return {
    simulator,
    durationSeconds: duration,
    processes: integer('processes', values.processes, 1, 1),
  };
}
