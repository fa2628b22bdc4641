import { createDeviceState, DeviceState } from './device-state';
import { handleRpc } from '../rpc/dispatch';
import { TR181_HOME_GATEWAY } from '../profiles';

describe('per-device memory', () => {
  it('keeps 10,000 configured devices in a few tens of MB: profiles are shared, devices hold overrides', () => {
    const before = process.memoryUsage().heapUsed;
    const devices: DeviceState[] = [];
    for (let ordinal = 0; ordinal < 10_000; ordinal++) {
      const state = createDeviceState(
        TR181_HOME_GATEWAY,
        `SIM${String(ordinal).padStart(6, '0')}`,
        ordinal,
      );
      const outcome = handleRpc(state, {
        type: 'SetParameterValues',
        parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: `ssid-${ordinal}` }],
        parameterKey: 'k',
      });
      devices.push(outcome.state);
    }
    const perDevice = (process.memoryUsage().heapUsed - before) / devices.length;
    // A full copy of the tree would be hundreds of values (tens of KB) per device.
    expect(perDevice).toBeLessThan(4096);
    expect(devices[9_999]?.profile).toBe(devices[0]?.profile);
  });
});
