import { DeviceState, mapWith, withEvent } from '../model/device-state';
import { RawValue } from '../model/schema';
import { readParameter } from '../model/tree';
import { wanAddress } from '../profiles/derived';

/**
 * How simulated devices' TR-143 diagnostics turn out: plausible by default, configurable for a
 * lab or a test (a lossy line, a slow link, a long path).
 */
export interface DiagnosticBehaviour {
  /** How long after the session that requested it a run reports 8 DIAGNOSTICS COMPLETE. */
  durationMs: number;
  /** Round-trip times: uniformly within mean ± jitter, never below 0.1 ms. */
  latencyMs: { mean: number; jitter: number };
  /** Share of probes lost, 0 to 1. */
  lossRate: number;
  /** Hops of a trace route to a reachable host (capped by its MaxHopCount). */
  hops: number;
  /** Download and upload throughput, bits per second. */
  throughputBps: number;
  /** Host names that do not resolve: those ending with one of these (`Error_CannotResolveHostName`). */
  unresolvableSuffixes: readonly string[];
}

export const DEFAULT_DIAGNOSTIC_BEHAVIOUR: DiagnosticBehaviour = {
  durationMs: 200,
  latencyMs: { mean: 12, jitter: 4 },
  lossRate: 0,
  hops: 5,
  throughputBps: 100_000_000,
  unresolvableSuffixes: ['.invalid'],
};

/** The diagnostics a simulated device runs, by the last segment of their object's path. */
const KINDS: Record<string, Kind> = {
  IPPing: 'ping',
  IPPingDiagnostics: 'ping',
  TraceRoute: 'traceRoute',
  TraceRouteDiagnostics: 'traceRoute',
  DownloadDiagnostics: 'download',
  UploadDiagnostics: 'upload',
  UDPEchoDiagnostics: 'udpEcho',
  NSLookupDiagnostics: 'nsLookup',
  ServerSelectionDiagnostics: 'serverSelection',
};
type Kind =
  | 'ping'
  | 'traceRoute'
  | 'download'
  | 'upload'
  | 'udpEcho'
  | 'nsLookup'
  | 'serverSelection';

/** The diagnostic object a SetParameterValues of `<object>DiagnosticsState` names, if any. */
export function diagnosticObjectOf(parameterName: string): string | null {
  if (!parameterName.endsWith('.DiagnosticsState')) return null;
  const object = parameterName.slice(0, -'DiagnosticsState'.length);
  const last = object.split('.').at(-2) ?? '';
  return KINDS[last] ? object : null;
}

/**
 * The device after running the diagnostic at `object` with the inputs it holds: results and
 * DiagnosticsState written (Complete, or an error state), `8 DIAGNOSTICS COMPLETE` pending.
 * Nothing happens when the state is no longer Requested (cancelled, or inputs changed).
 */
export function completeDiagnostic(
  state: DeviceState,
  object: string,
  behaviour: DiagnosticBehaviour,
  random: () => number = Math.random,
  now: Date = new Date(),
): DeviceState {
  const read = (name: string) => readParameter(state, object + name)?.value;
  if (read('DiagnosticsState') !== 'Requested') return state;
  const kind = KINDS[object.split('.').at(-2) ?? ''] as Kind;
  const run = new Run(state, object, behaviour, random, now);
  const target = String(
    read('Host') ?? read('HostName') ?? read('DownloadURL') ?? read('UploadURL') ?? '',
  );
  const hostName = kind === 'download' || kind === 'upload' ? hostOfUrl(target) : target;
  if (kind !== 'serverSelection' && run.unresolvable(hostName)) {
    const failed = kind === 'nsLookup' ? run.nsLookup(hostName, false) : run;
    return failed.finish(
      kind === 'nsLookup'
        ? 'Complete'
        : kind === 'download' || kind === 'upload'
          ? 'Error_InitConnectionFailed'
          : 'Error_CannotResolveHostName',
    );
  }
  switch (kind) {
    case 'ping':
    case 'udpEcho':
      return run
        .ping(Number(read('NumberOfRepetitions') ?? 4), kind === 'udpEcho')
        .finish('Complete');
    case 'traceRoute':
      return run.traceRoute(Number(read('MaxHopCount') ?? 30), hostName).finish('Complete');
    case 'download':
    case 'upload':
      return run
        .transfer(kind, Number(read('TestFileLength') ?? 0))
        .finish(completed(state, object));
    case 'nsLookup':
      return run.nsLookup(hostName, true).finish('Complete');
    case 'serverSelection':
      return run.serverSelection(String(read('HostList') ?? '')).finish('Complete');
  }
}

/** TR-098's transfer diagnostics spell success "Completed"; TR-181's "Complete". */
function completed(state: DeviceState, object: string): string {
  return object.startsWith('InternetGatewayDevice.') ? 'Completed' : 'Complete';
}

function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** One run's writes, gathered then applied at once. */
class Run {
  private readonly values = new Map<string, RawValue>();
  private readonly tables = new Map<string, number[]>();

  constructor(
    private readonly state: DeviceState,
    private readonly object: string,
    private readonly behaviour: DiagnosticBehaviour,
    private readonly random: () => number,
    private readonly now: Date,
  ) {}

  unresolvable(host: string): boolean {
    return (
      host === '' || this.behaviour.unresolvableSuffixes.some((suffix) => host.endsWith(suffix))
    );
  }

  /** One round trip, in µs. */
  private rttMicros(): number {
    const { mean, jitter } = this.behaviour.latencyMs;
    return Math.max(100, Math.round((mean + jitter * (this.random() * 2 - 1)) * 1000));
  }

  ping(repetitions: number, microsecondsOnly: boolean): this {
    const times: number[] = [];
    let failures = 0;
    for (let i = 0; i < Math.min(repetitions, 1000); i++) {
      if (this.random() < this.behaviour.lossRate) failures++;
      else times.push(this.rttMicros());
    }
    const stats = summary(times);
    const scale = microsecondsOnly ? 1 : 1 / 1000;
    this.set('SuccessCount', times.length);
    this.set('FailureCount', failures);
    this.set('AverageResponseTime', Math.round(stats.average * scale));
    this.set('MinimumResponseTime', Math.round(stats.minimum * scale));
    this.set('MaximumResponseTime', Math.round(stats.maximum * scale));
    if (!microsecondsOnly) {
      this.set('AverageResponseTimeDetailed', Math.round(stats.average));
      this.set('MinimumResponseTimeDetailed', stats.minimum);
      this.set('MaximumResponseTimeDetailed', stats.maximum);
    }
    this.set('IPAddressUsed', wanAddress(this.state.ordinal));
    return this;
  }

  traceRoute(maxHopCount: number, host: string): this {
    const hops = Math.min(this.behaviour.hops, maxHopCount);
    const prefix = this.object.startsWith('InternetGatewayDevice.') ? 'Hop' : '';
    const rows: number[] = [];
    let last = 0;
    for (let hop = 1; hop <= hops; hop++) {
      rows.push(hop);
      const rtts = [0, 1, 2].map(() => Math.round((this.rttMicros() * hop) / hops / 1000));
      last = Math.max(...rtts);
      const row = `RouteHops.${hop}.${prefix}`;
      this.set(`${row}Host`, hop === hops ? host : `hop${hop}.isp.example`);
      this.set(`${row}HostAddress`, `198.51.100.${hop}`);
      this.set(`${row}ErrorCode`, 0);
      this.set(`${row}RTTimes`, rtts.join(','));
    }
    this.tables.set('RouteHops.', rows);
    this.set('RouteHopsNumberOfEntries', hops);
    this.set('ResponseTime', last);
    return this;
  }

  transfer(kind: 'download' | 'upload', testFileLength: number): this {
    const bytes = kind === 'upload' && testFileLength > 0 ? testFileLength : 10_000_000;
    const durationMs = Math.max(1, Math.round((bytes * 8 * 1000) / this.behaviour.throughputBps));
    const open = this.now.getTime() - durationMs - 50;
    const at = (ms: number) => new Date(ms).toISOString();
    this.set('ROMTime', at(open - 10));
    this.set('TCPOpenRequestTime', at(open));
    this.set('TCPOpenResponseTime', at(open + Math.round(this.rttMicros() / 1000)));
    this.set('BOMTime', at(open + 40));
    this.set('EOMTime', at(open + 40 + durationMs));
    const tr098 = this.object.startsWith('InternetGatewayDevice.');
    if (kind === 'download') {
      this.set('TestBytesReceived', tr098 ? bytes : String(bytes));
      this.set('TotalBytesReceived', tr098 ? bytes + 2_000 : String(bytes + 2_000));
    } else {
      if (!tr098) this.set('TestBytesSent', String(bytes));
      this.set('TotalBytesSent', tr098 ? bytes + 2_000 : String(bytes + 2_000));
    }
    return this;
  }

  nsLookup(host: string, resolved: boolean): this {
    this.tables.set('Result.', [1]);
    this.set('Result.1.Status', resolved ? 'Success' : 'Error_HostNameNotResolved');
    this.set('Result.1.AnswerType', resolved ? 'NonAuthoritative' : 'None');
    this.set('Result.1.HostNameReturned', resolved ? host : '');
    this.set('Result.1.IPAddresses', resolved ? '203.0.113.10' : '');
    this.set('Result.1.DNSServerIP', '9.9.9.9');
    this.set('Result.1.ResponseTime', Math.round(this.rttMicros() / 1000));
    this.set('SuccessCount', resolved ? 1 : 0);
    this.set('ResultNumberOfEntries', 1);
    return this;
  }

  serverSelection(hostList: string): this {
    const hosts = hostList
      .split(',')
      .map((host) => host.trim())
      .filter((host) => !this.unresolvable(host));
    const times = hosts.map(() => this.rttMicros());
    const fastest = times.indexOf(Math.min(...times));
    const stats = summary(times);
    this.set('FastestHost', hosts[fastest] ?? '');
    this.set('MinimumResponseTime', stats.minimum);
    this.set('AverageResponseTime', Math.round(stats.average));
    this.set('MaximumResponseTime', stats.maximum);
    this.set('IPAddressUsed', wanAddress(this.state.ordinal));
    return this;
  }

  /** Writes the gathered results (only parameters the object has) and the end state. */
  finish(diagnosticsState: string): DeviceState {
    let next: DeviceState = this.state;
    const values = new Map(next.values);
    for (const [table, rows] of this.tables) {
      const path = this.object + table;
      for (const key of [...values.keys()]) if (key.startsWith(path)) values.delete(key);
      next = { ...next, instances: mapWith(next.instances, path, rows) };
    }
    for (const [name, value] of this.values) {
      if (readParameter({ ...next, values }, this.object + name) !== undefined)
        values.set(this.object + name, value);
    }
    values.set(`${this.object}DiagnosticsState`, diagnosticsState);
    return withEvent({ ...next, values }, '8 DIAGNOSTICS COMPLETE');
  }

  private set(name: string, value: RawValue): void {
    this.values.set(name, value);
  }
}

function summary(times: readonly number[]) {
  if (times.length === 0) return { average: 0, minimum: 0, maximum: 0 };
  return {
    average: times.reduce((sum, time) => sum + time, 0) / times.length,
    minimum: Math.min(...times),
    maximum: Math.max(...times),
  };
}
