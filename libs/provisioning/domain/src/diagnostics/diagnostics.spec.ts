import { describe, expect, it } from '@jest/globals';
import type { DiagnosticRequest, StoredParameter } from '@acs/contracts';
import {
  deviceDiagnostics,
  deviceHasDiagnostic,
  diagnosticCancelValues,
  diagnosticInputProblems,
  diagnosticReadPaths,
  diagnosticRequestValues,
  diagnosticStateCode,
  normaliseDiagnosticResult,
} from './index';

const values = (object: string, entries: Record<string, unknown>) =>
  Object.entries(entries).map(([name, value]) => ({ name: object + name, value }));

describe('requesting a diagnostic', () => {
  it('sets the inputs under the model’s object, DiagnosticsState=Requested last', () => {
    const request = {
      type: 'ipPing',
      inputs: { host: 'example.net', numberOfRepetitions: 3, timeout: 1000 },
    } as const;
    expect(diagnosticRequestValues(request, 'InternetGatewayDevice.')).toEqual([
      {
        name: 'InternetGatewayDevice.IPPingDiagnostics.Host',
        value: 'example.net',
        type: 'string',
      },
      {
        name: 'InternetGatewayDevice.IPPingDiagnostics.NumberOfRepetitions',
        value: 3,
        type: 'unsignedInt',
      },
      { name: 'InternetGatewayDevice.IPPingDiagnostics.Timeout', value: 1000, type: 'unsignedInt' },
      {
        name: 'InternetGatewayDevice.IPPingDiagnostics.DiagnosticsState',
        value: 'Requested',
        type: 'string',
      },
    ]);
    expect(diagnosticReadPaths('ipPing', 'Device.')).toEqual(['Device.IP.Diagnostics.IPPing.']);
  });

  it('sends a server selection host list as one comma-separated value', () => {
    const request: DiagnosticRequest = {
      type: 'serverSelection',
      inputs: { hostList: ['a.example', 'b.example'], protocol: 'ICMP' },
    };
    expect(diagnosticRequestValues(request, 'Device.')[0]).toEqual({
      name: 'Device.IP.Diagnostics.ServerSelectionDiagnostics.HostList',
      value: 'a.example,b.example',
      type: 'string',
    });
  });

  it('refuses what the device’s model lacks or limits tighter, naming the field', () => {
    const long = `http://files.example/${'x'.repeat(300)}`;
    const request = {
      type: 'download',
      inputs: { url: long, protocolVersion: 'IPv6', timeBasedTestDuration: 10 },
    } as const;
    expect(diagnosticInputProblems(request, 'InternetGatewayDevice.')).toEqual([
      '/inputs/url: at most 256 characters in the TR-098 data model',
      '/inputs/protocolVersion: not in the TR-098 data model',
      '/inputs/timeBasedTestDuration: not in the TR-098 data model',
    ]);
    expect(diagnosticInputProblems(request, 'Device.')).toEqual([]);
  });

  it('cancels with DiagnosticsState=Canceled where the model has it (TR-181), not on TR-098', () => {
    expect(diagnosticCancelValues('traceRoute', 'Device.')).toEqual([
      {
        name: 'Device.IP.Diagnostics.TraceRoute.DiagnosticsState',
        value: 'Canceled',
        type: 'string',
      },
    ]);
    expect(diagnosticCancelValues('traceRoute', 'InternetGatewayDevice.')).toBeNull();
  });
});

describe('normalising what the device reports', () => {
  it('is not finished while the state is Requested', () => {
    const reported = values('Device.IP.Diagnostics.IPPing.', { DiagnosticsState: 'Requested' });
    expect(normaliseDiagnosticResult('ipPing', 'Device.', reported)).toBeNull();
  });

  it('turns error states into codes', () => {
    expect(diagnosticStateCode('Error_CannotResolveHostName')).toBe(
      'error-cannot-resolve-host-name',
    );
    expect(diagnosticStateCode('Error_DNSServerNotResolved')).toBe('error-dns-server-not-resolved');
    expect(diagnosticStateCode('Error_NoPASV')).toBe('error-no-pasv');
    expect(diagnosticStateCode('Canceled')).toBe('canceled');
    const reported = values('InternetGatewayDevice.TraceRouteDiagnostics.', {
      DiagnosticsState: 'Error_MaxHopCountExceeded',
    });
    expect(normaliseDiagnosticResult('traceRoute', 'InternetGatewayDevice.', reported)).toEqual({
      outcome: 'error',
      code: 'error-max-hop-count-exceeded',
    });
  });

  it('gives ping times in ms, from the µs *Detailed values where TR-181 has them', () => {
    const reported = values('Device.IP.Diagnostics.IPPing.', {
      DiagnosticsState: 'Complete',
      SuccessCount: 3,
      FailureCount: 1,
      AverageResponseTime: 12,
      MinimumResponseTime: 10,
      MaximumResponseTime: 15,
      AverageResponseTimeDetailed: 12_345,
      MinimumResponseTimeDetailed: 10_100,
      MaximumResponseTimeDetailed: 15_020,
      IPAddressUsed: '192.0.2.10',
    });
    expect(normaliseDiagnosticResult('ipPing', 'Device.', reported)).toEqual({
      outcome: 'complete',
      measurements: {
        successCount: 3,
        failureCount: 1,
        averageMs: 12.345,
        minimumMs: 10.1,
        maximumMs: 15.02,
        ipAddressUsed: '192.0.2.10',
      },
    });
  });

  it('reads TR-098 trace-route hops (HopHost, ...) into the same array as TR-181’s', () => {
    const hops = (prefix: string) => ({
      DiagnosticsState: 'Complete',
      ResponseTime: 40,
      [`RouteHops.2.${prefix}Host`]: 'core.example',
      [`RouteHops.2.${prefix}HostAddress`]: '198.51.100.1',
      [`RouteHops.2.${prefix}ErrorCode`]: 0,
      [`RouteHops.2.${prefix}RTTimes`]: '20,22,21',
      [`RouteHops.1.${prefix}Host`]: 'gw.example',
      [`RouteHops.1.${prefix}HostAddress`]: '192.0.2.1',
      [`RouteHops.1.${prefix}ErrorCode`]: 0,
      [`RouteHops.1.${prefix}RTTimes`]: '1,2,1',
    });
    const expected = {
      outcome: 'complete',
      measurements: {
        responseTimeMs: 40,
        hops: [
          { host: 'gw.example', address: '192.0.2.1', errorCode: 0, rttMs: [1, 2, 1] },
          { host: 'core.example', address: '198.51.100.1', errorCode: 0, rttMs: [20, 22, 21] },
        ],
      },
    };
    const tr098 = values('InternetGatewayDevice.TraceRouteDiagnostics.', hops('Hop'));
    const tr181 = values('Device.IP.Diagnostics.TraceRoute.', hops(''));
    expect(normaliseDiagnosticResult('traceRoute', 'InternetGatewayDevice.', tr098)).toEqual(
      expected,
    );
    expect(normaliseDiagnosticResult('traceRoute', 'Device.', tr181)).toEqual(expected);
  });

  it('takes TR-098’s "Completed" download as complete, with duration and throughput', () => {
    const reported = values('InternetGatewayDevice.DownloadDiagnostics.', {
      DiagnosticsState: 'Completed',
      ROMTime: '2026-01-01T00:00:00.000Z',
      BOMTime: '2026-01-01T00:00:00.100Z',
      EOMTime: '2026-01-01T00:00:02.100Z',
      TCPOpenRequestTime: '2026-01-01T00:00:00.010Z',
      TCPOpenResponseTime: '2026-01-01T00:00:00.030Z',
      TestBytesReceived: 25_000_000,
      TotalBytesReceived: 25_100_000,
    });
    expect(normaliseDiagnosticResult('download', 'InternetGatewayDevice.', reported)).toEqual({
      outcome: 'complete',
      measurements: {
        bomTime: '2026-01-01T00:00:00.100Z',
        eomTime: '2026-01-01T00:00:02.100Z',
        durationMs: 2000,
        testBytes: 25_000_000,
        totalBytesReceived: 25_100_000,
        throughputBps: 100_000_000,
        tcpOpenMs: 20,
      },
    });
  });

  it('gives UDP echo µs times in ms and NS lookup answers as an array', () => {
    const echo = values('Device.IP.Diagnostics.UDPEchoDiagnostics.', {
      DiagnosticsState: 'Complete',
      SuccessCount: 10,
      FailureCount: 0,
      AverageResponseTime: 2500,
      MinimumResponseTime: 2000,
      MaximumResponseTime: 4000,
    });
    expect(normaliseDiagnosticResult('udpEcho', 'Device.', echo)).toMatchObject({
      measurements: { averageMs: 2.5, minimumMs: 2, maximumMs: 4 },
    });
    const lookup = values('InternetGatewayDevice.NSLookupDiagnostics.', {
      DiagnosticsState: 'Complete',
      SuccessCount: 1,
      'Result.1.Status': 'Error_HostNameNotResolved',
      'Result.1.AnswerType': 'None',
      'Result.1.HostNameReturned': '',
      'Result.1.IPAddresses': '',
      'Result.1.DNSServerIP': '192.0.2.53',
      'Result.1.ResponseTime': 30,
    });
    expect(normaliseDiagnosticResult('nsLookup', 'InternetGatewayDevice.', lookup)).toEqual({
      outcome: 'complete',
      measurements: {
        successCount: 1,
        answers: [
          {
            status: 'error-host-name-not-resolved',
            answerType: 'None',
            hostNameReturned: '',
            ipAddresses: [],
            dnsServerIp: '192.0.2.53',
            responseTimeMs: 30,
          },
        ],
      },
    });
  });
});

describe('capability discovery', () => {
  const tree = (entries: Record<string, StoredParameter['value']>) =>
    Object.fromEntries(
      Object.entries(entries).map(([path, value]) => [path, { path, object: false, value }]),
    );

  it('needs the object in the stored tree, and the *Supported parameters not to deny it', () => {
    const parameters = tree({
      'Device.IP.Diagnostics.IPv4PingSupported': true,
      'Device.IP.Diagnostics.IPv6PingSupported': false,
      'Device.IP.Diagnostics.IPPing.DiagnosticsState': 'None',
      'Device.IP.Diagnostics.IPv4TraceRouteSupported': false,
      'Device.IP.Diagnostics.IPv6TraceRouteSupported': false,
      'Device.IP.Diagnostics.TraceRoute.DiagnosticsState': 'None',
      'Device.DNS.Diagnostics.NSLookupDiagnostics.DiagnosticsState': 'None',
    });
    expect(deviceDiagnostics('Device.', parameters)).toEqual(['ipPing', 'nsLookup']);
  });

  it('on TR-098, reads the transport lists for download and upload; never UDP echo', () => {
    const parameters = tree({
      'InternetGatewayDevice.DownloadDiagnostics.DiagnosticsState': 'None',
      'InternetGatewayDevice.UploadDiagnostics.DiagnosticsState': 'None',
      'InternetGatewayDevice.Capabilities.PerformanceDiagnostic.DownloadTransports': 'HTTP',
      'InternetGatewayDevice.Capabilities.PerformanceDiagnostic.UploadTransports': '',
    });
    expect(deviceDiagnostics('InternetGatewayDevice.', parameters)).toEqual(['download']);
    expect(deviceHasDiagnostic('udpEcho', 'InternetGatewayDevice.', parameters)).toBe(false);
  });
});
