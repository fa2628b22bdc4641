import type { ParameterValue } from '@acs/cwmp-codec';
import { createDeviceState, type DeviceState } from '../model/device-state';
import { readParameter } from '../model/tree';
import { TR098_INTERNET_GATEWAY, TR181_HOME_GATEWAY } from '../profiles';
import { getParameterValues, setParameterValues } from '../rpc/parameters';
import { completeDiagnostic, DEFAULT_DIAGNOSTIC_BEHAVIOUR } from './run-diagnostic';

const behaviour = { ...DEFAULT_DIAGNOSTIC_BEHAVIOUR, latencyMs: { mean: 10, jitter: 0 }, hops: 3 };

function requested(state: DeviceState, object: string, inputs: Record<string, string | number>) {
  const parameters: ParameterValue[] = [
    ...Object.entries(inputs).map(
      ([name, value]): ParameterValue =>
        typeof value === 'number'
          ? { name: object + name, type: 'unsignedInt', value }
          : { name: object + name, type: 'string', value },
    ),
    { name: `${object}DiagnosticsState`, type: 'string', value: 'Requested' },
  ];
  const outcome = setParameterValues(state, {
    type: 'SetParameterValues',
    parameters,
    parameterKey: 'k',
  });
  expect(outcome.reply).toEqual({ type: 'SetParameterValuesResponse', status: 0 });
  expect(outcome.effects).toEqual([{ kind: 'diagnostic', object }]);
  return outcome.state;
}

const value = (state: DeviceState, path: string) => readParameter(state, path)?.value;

describe('simulated diagnostics', () => {
  it('TR-098 trace route: hops as HopHost rows, Complete, 8 DIAGNOSTICS COMPLETE pending', () => {
    const object = 'InternetGatewayDevice.TraceRouteDiagnostics.';
    const fresh = { ...createDeviceState(TR098_INTERNET_GATEWAY, 'SN1', 0), pendingEvents: [] };
    const done = completeDiagnostic(
      requested(fresh, object, { Host: 'example.net', MaxHopCount: 10 }),
      object,
      behaviour,
    );
    expect(value(done, `${object}DiagnosticsState`)).toBe('Complete');
    expect(value(done, `${object}RouteHopsNumberOfEntries`)).toBe(3);
    expect(value(done, `${object}RouteHops.3.HopHost`)).toBe('example.net');
    expect(value(done, `${object}RouteHops.1.HopRTTimes`)).toMatch(/^\d+,\d+,\d+$/);
    expect(done.pendingEvents).toEqual([{ eventCode: '8 DIAGNOSTICS COMPLETE', commandKey: '' }]);
    const read = getParameterValues(done, { type: 'GetParameterValues', parameterNames: [object] });
    expect(read.reply).toMatchObject({ type: 'GetParameterValuesResponse' });
  });

  it('TR-181 ping: ms and µs times from the configured latency; loss counts failures', () => {
    const object = 'Device.IP.Diagnostics.IPPing.';
    const state = requested(createDeviceState(TR181_HOME_GATEWAY, 'SN2', 0), object, {
      Host: 'example.net',
      NumberOfRepetitions: 5,
    });
    const done = completeDiagnostic(state, object, behaviour);
    expect(value(done, `${object}SuccessCount`)).toBe(5);
    expect(value(done, `${object}AverageResponseTime`)).toBe(10);
    expect(value(done, `${object}AverageResponseTimeDetailed`)).toBe(10_000);
    const lossy = completeDiagnostic(state, object, { ...behaviour, lossRate: 1 });
    expect([value(lossy, `${object}SuccessCount`), value(lossy, `${object}FailureCount`)]).toEqual([
      0, 5,
    ]);
  });

  it('an unresolvable host ends in Error_CannotResolveHostName; TR-098 downloads say Completed', () => {
    const ping = 'InternetGatewayDevice.IPPingDiagnostics.';
    const device = createDeviceState(TR098_INTERNET_GATEWAY, 'SN3', 0);
    const failed = completeDiagnostic(
      requested(device, ping, { Host: 'nowhere.invalid' }),
      ping,
      behaviour,
    );
    expect(value(failed, `${ping}DiagnosticsState`)).toBe('Error_CannotResolveHostName');
    const download = 'InternetGatewayDevice.DownloadDiagnostics.';
    const state = requested(device, download, { DownloadURL: 'http://speed.example/10MB' });
    const done = completeDiagnostic(state, download, behaviour);
    expect(value(done, `${download}DiagnosticsState`)).toBe('Completed');
    expect(value(done, `${download}TestBytesReceived`)).toBe(10_000_000);
  });

  it('a TR-181 run set to Canceled goes back to None and does not run', () => {
    const object = 'Device.IP.Diagnostics.TraceRoute.';
    const state = requested(createDeviceState(TR181_HOME_GATEWAY, 'SN4', 0), object, {
      Host: 'example.net',
    });
    const cancel = setParameterValues(state, {
      type: 'SetParameterValues',
      parameters: [{ name: `${object}DiagnosticsState`, type: 'string', value: 'Canceled' }],
      parameterKey: 'k2',
    });
    expect(value(cancel.state, `${object}DiagnosticsState`)).toBe('None');
    expect(completeDiagnostic(cancel.state, object, behaviour)).toBe(cancel.state);
  });
});
