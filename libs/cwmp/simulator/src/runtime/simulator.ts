import { EventEmitter } from 'node:events';
import {
  DEFAULT_DIAGNOSTIC_BEHAVIOUR,
  type DiagnosticBehaviour,
} from '../diagnostics/run-diagnostic';
import { createDeviceState, isFirstContact } from '../model/device-state';
import { RawValue } from '../model/schema';
import { profileNamed } from '../profiles';
import { factoryFirmware } from '../firmware/banks';
import { checkFirmwareFailures, FirmwareFailure } from '../firmware/failures';
import { DEFAULT_QUIRKS, DeviceQuirks } from '../cpe-session/quirks';
import { SessionResult } from '../cpe-session/session-client';
import { TlsOptions } from '../cpe-session/transport';
import { ConnectionRequestServer } from '../connection-request/connection-request-server';
import { StunBindings } from '../connection-request/stun-client';
import { Limiter } from './limiter';
import { Scheduler } from './scheduler';
import { formatSerial } from './serial';
import { SimulatedDevice, type DeviceHost } from './simulated-device';
import { SessionStats, StatsSnapshot, StatsTally } from './stats';

export interface SimulatorOptions {
  acsUrl: string;
  devices: number;
  /** `tr181` (Device:2 home gateway) or `tr098` (InternetGatewayDevice). */
  profile?: string;
  /** Serial numbers: `SIM%06d` gives SIM000000, SIM000001, ... */
  serialPattern?: string;
  firstOrdinal?: number;
  /** ManagementServer.Password of every device (Username is the serial). */
  acsPassword?: string;
  /** ConnectionRequestPassword of every device (the username is the serial). */
  connectionRequestPassword?: string;
  /** Sessions in flight at most. */
  concurrency?: number;
  /** First informs spread uniformly over this many ms (0: a boot storm, all at once). */
  bootSpreadMs?: number;
  /** Initial PeriodicInformInterval in seconds (the ACS may change it with SPV). */
  periodicIntervalSeconds?: number;
  periodicEnabled?: boolean;
  periodicJitter?: number;
  rebootDelayMs?: number;
  requestTimeoutMs?: number;
  tls?: TlsOptions;
  /** Quirks for all devices, or per device ordinal. */
  quirks?: Partial<DeviceQuirks> | ((ordinal: number) => Partial<DeviceQuirks>);
  /** Overrides the TR-069 retry wait (e.g. to keep tests short). */
  retryDelayMs?: (failures: number) => number;
  /** Connection requests: HTTP (Digest) and UDP (TR-111) listeners on this host; false: none. */
  connectionRequests?: { host: string; httpPort?: number; udpPort?: number } | false;
  /**
   * TR-111 STUN from the factory: STUNEnable on, this server. Off by default; the ACS can also
   * turn it on with SetParameterValues. Needs `connectionRequests` (STUN keeps its UDP socket's
   * NAT binding).
   */
  stun?: { serverAddress: string; serverPort: number };
  /** How often a device with STUN on sends a Binding request; default 30 s. */
  stunKeepAliveMs?: number;
  /** DeviceInfo.ProductClass of every device (and the Inform's DeviceId), instead of the profile's. */
  productClass?: string;
  /** DeviceInfo.HardwareVersion of every device (an image's `hardware=` must match it). */
  hardwareVersion?: string;
  /** The firmware version the devices run from the factory (SoftwareVersion, the running bank). */
  softwareVersion?: string;
  /**
   * Devices that misbehave with firmware Downloads, each rule picking a share of the fleet by a
   * hash of the serial (firmwareFailureFor says which): e.g. `{ share: 0.3, mode: '9010',
   * productClass: 'X', onlyVersion: '2.1.0' }`. Plain data, so a SimulatorFleet passes it on.
   */
  firmwareFailures?: readonly FirmwareFailure[];
  /**
   * How TR-143 diagnostics turn out (latency, loss, hops, throughput, unresolvable names, how
   * long a run takes); each field defaults to DEFAULT_DIAGNOSTIC_BEHAVIOUR's. Plain data.
   */
  diagnostics?: Partial<DiagnosticBehaviour>;
  /**
   * Share of the devices new to the ACS (0 to 1, default 1): their first session carries
   * `0 BOOTSTRAP` and `1 BOOT`; the others only `1 BOOT`, as a known fleet after a power cut.
   * Which ordinals are new: isFirstContact.
   */
  firstContactShare?: number;
  /** Keeps what admitted() returns (a boot storm's per-device record); off by default. */
  recordAdmitted?: boolean;
}

/**
 * The sessions the ACS admitted (answered the Inform with an InformResponse): when each device's
 * first InformResponse arrived, and how long every admitted session took, failed ones included.
 */
export interface AdmittedSessions {
  /** When the devices' boot clock started (epoch ms): no first Inform is earlier. */
  bootsFrom: number;
  /** [serial, epoch ms of its first InformResponse]. */
  firstAcknowledged: [string, number][];
  durationsMs: number[];
}

export interface SessionEvent {
  serial: string;
  result: SessionResult;
}

/**
 * Many simulated CPEs in one process: builds the devices from a shared profile, starts them
 * (boot storm or spread), bounds concurrent sessions, counts outcomes, and listens for connection
 * requests. Emits `session` ({serial, result}) after every session.
 */
export class Simulator extends EventEmitter<{ session: [SessionEvent] }> {
  private readonly devicesBySerial = new Map<string, SimulatedDevice>();
  private readonly statistics = new SessionStats();
  private readonly limiter: Limiter;
  private readonly scheduler = new Scheduler();
  private connectionRequests: ConnectionRequestServer | undefined;
  private stunBindings: StunBindings | undefined;
  private started = false;
  private readonly firstAcknowledged = new Map<string, number>();
  private readonly admittedDurationsMs: number[] = [];
  private bootsFrom = 0;
  /** What every device reads its Download failures from, so a change reaches all of them. */
  private host: DeviceHost | undefined;

  constructor(private readonly options: SimulatorOptions) {
    super();
    if (!Number.isInteger(options.devices) || options.devices < 0) {
      throw new RangeError(`devices must be a non-negative integer, got ${options.devices}`);
    }
    new URL(options.acsUrl); // throws a TypeError on a malformed URL, before anything starts
    checkFirmwareFailures(options.firmwareFailures ?? []);
    const share = options.firstContactShare ?? 1;
    if (!(share >= 0 && share <= 1))
      throw new RangeError(`firstContactShare must be within 0..1, got ${share}`);
    this.limiter = new Limiter(options.concurrency ?? 100);
  }

  async start(): Promise<void> {
    if (this.started) throw new Error('simulator already started');
    this.started = true;
    const options = this.options;
    const profile = profileNamed(options.profile ?? 'tr181');
    if (options.connectionRequests) {
      this.connectionRequests = new ConnectionRequestServer(options.connectionRequests, (serial) =>
        this.devicesBySerial.get(serial),
      );
      await this.connectionRequests.start();
      const server = this.connectionRequests;
      this.stunBindings = new StunBindings(
        (datagram, port, host) => server.sendUdp(datagram, port, host),
        () => server.udpAddress(),
        options.stunKeepAliveMs ?? 30_000,
      );
      server.onStunDatagram = (datagram) => this.stunBindings?.onDatagram(datagram);
    }
    const host: DeviceHost = {
      limiter: this.limiter,
      scheduler: this.scheduler,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      periodicJitter: options.periodicJitter ?? 0.1,
      rebootDelayMs: options.rebootDelayMs ?? 1000,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.firmwareFailures ? { firmwareFailures: options.firmwareFailures } : {}),
      diagnostics: { ...DEFAULT_DIAGNOSTIC_BEHAVIOUR, ...options.diagnostics },
      sessionEnded: (device: SimulatedDevice, result: SessionResult) => {
        this.statistics.record(result);
        if (options.recordAdmitted && result.informAcknowledgedAt !== undefined) {
          if (!this.firstAcknowledged.has(device.serial))
            this.firstAcknowledged.set(device.serial, result.informAcknowledgedAt);
          this.admittedDurationsMs.push(result.durationMs);
        }
        this.emit('session', { serial: device.serial, result });
        // The ACS may have turned STUN on or off, or moved the STUN server.
        this.stunBindings?.sync(device);
      },
    };
    this.host = host;
    // One quirks object and one UDP address string for all devices (unless quirks go by
    // ordinal): an idle device should hold only what is its own.
    const sharedQuirks =
      typeof options.quirks === 'function' ? undefined : { ...DEFAULT_QUIRKS, ...options.quirks };
    const udpAddress = this.connectionRequests?.udpAddress();
    const firmwareAtFactory =
      options.softwareVersion === undefined
        ? []
        : factoryFirmware(profile, options.softwareVersion);
    const first = options.firstOrdinal ?? 0;
    for (let ordinal = first; ordinal < first + options.devices; ordinal++) {
      const serial = formatSerial(options.serialPattern ?? 'SIM%06d', ordinal);
      const paths = profile.paths;
      const factory = new Map<string, RawValue>([
        [paths.acsUrl, options.acsUrl],
        [paths.acsPassword, options.acsPassword ?? ''],
        [paths.connectionRequestPassword, options.connectionRequestPassword ?? ''],
        [paths.periodicInformEnable, options.periodicEnabled ?? true],
      ]);
      if (options.stun) {
        const root = profile.root.name;
        factory.set(`${root}.ManagementServer.STUNEnable`, true);
        factory.set(`${root}.ManagementServer.STUNServerAddress`, options.stun.serverAddress);
        factory.set(`${root}.ManagementServer.STUNServerPort`, options.stun.serverPort);
      }
      if (options.productClass !== undefined) factory.set(paths.productClass, options.productClass);
      if (options.hardwareVersion !== undefined)
        factory.set(paths.hardwareVersion, options.hardwareVersion);
      if (options.softwareVersion !== undefined)
        for (const [path, value] of firmwareAtFactory) factory.set(path, value);
      if (options.periodicIntervalSeconds !== undefined) {
        factory.set(paths.periodicInformInterval, options.periodicIntervalSeconds);
      }
      if (this.connectionRequests && udpAddress) {
        factory.set(paths.connectionRequestUrl, this.connectionRequests.httpUrl(serial));
        factory.set(paths.udpConnectionRequestAddress, udpAddress);
      }
      const quirks = sharedQuirks ?? {
        ...DEFAULT_QUIRKS,
        ...(typeof options.quirks === 'function' ? options.quirks(ordinal) : {}),
      };
      const firstContact = isFirstContact(ordinal, options.firstContactShare ?? 1);
      const device = new SimulatedDevice(
        createDeviceState(profile, serial, ordinal, factory, firstContact),
        quirks,
        host,
      );
      this.devicesBySerial.set(serial, device);
    }
    const spread = options.bootSpreadMs ?? 0;
    this.bootsFrom = Date.now();
    for (const device of this.devicesBySerial.values()) {
      device.start(spread > 0 ? Math.random() * spread : 0);
      this.stunBindings?.sync(device);
    }
  }

  /** Stops every device (running sessions finish) and the listeners. */
  async stop(): Promise<void> {
    this.stunBindings?.stop();
    await Promise.all([...this.devicesBySerial.values()].map((device) => device.stop()));
    // Stopped devices' waits would only be skipped: drop them, and the Node timer with them.
    this.scheduler.clear();
    await this.connectionRequests?.stop();
  }

  /**
   * How the devices fail firmware Downloads from now on (a fault injected mid-rollout): rules as
   * the `firmwareFailures` option takes them. A transfer under way keeps the rule it started with.
   */
  setFirmwareFailures(rules: readonly FirmwareFailure[]): void {
    checkFirmwareFailures(rules);
    if (!this.host) throw new Error('the simulator has not started');
    this.host.firmwareFailures = rules;
  }

  device(serial: string): SimulatedDevice {
    const device = this.devicesBySerial.get(serial);
    if (!device) throw new RangeError(`no simulated device with serial ${serial}`);
    return device;
  }

  devices(): IterableIterator<SimulatedDevice> {
    return this.devicesBySerial.values();
  }

  stats(): StatsSnapshot {
    return this.statistics.snapshot(this.limiter.inFlight);
  }

  /** What recordAdmitted kept (empty without it). */
  admitted(): AdmittedSessions {
    return {
      bootsFrom: this.bootsFrom,
      firstAcknowledged: [...this.firstAcknowledged],
      durationsMs: [...this.admittedDurationsMs],
    };
  }

  /** The counters and latency sample behind stats(), to merge with other simulators' (a fleet). */
  tally(): StatsTally {
    return this.statistics.tally(this.limiter.inFlight);
  }
}
