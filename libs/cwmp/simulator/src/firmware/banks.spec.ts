import type { ParameterValue } from '@acs/cwmp-codec';
import { createDeviceState, DeviceState } from '../model/device-state';
import { readParameter } from '../model/tree';
import { TR098_INTERNET_GATEWAY, TR181_HOME_GATEWAY } from '../profiles';
import { handleRpc } from '../rpc/dispatch';
import { bootFirmware, installFirmware } from './banks';

const DI = 'Device.DeviceInfo.';
const value = (state: DeviceState, path: string) => readParameter(state, path)?.value;
const tr181 = () => ({ ...createDeviceState(TR181_HOME_GATEWAY, 'SIM1', 1), pendingEvents: [] });
const spv = (state: DeviceState, parameters: ParameterValue[]) =>
  handleRpc(state, { type: 'SetParameterValues', parameters, parameterKey: 'k' });

describe('dual-bank firmware (TR-181 FirmwareImage)', () => {
  it('starts on bank 1 with bank 2 empty', () => {
    const state = tr181();
    expect(value(state, `${DI}ActiveFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.1');
    expect(value(state, `${DI}FirmwareImageNumberOfEntries`)).toBe(2);
    expect(value(state, `${DI}FirmwareImage.1.Version`)).toBe('1.0.0');
    expect(value(state, `${DI}FirmwareImage.2.Status`)).toBe('NoImage');
  });

  it('writes a new image into the other bank and boots it', () => {
    const state = installFirmware(tr181(), { version: '2.1.0', name: 'img-7' }, true);
    expect(value(state, `${DI}SoftwareVersion`)).toBe('2.1.0');
    expect(value(state, `${DI}BootFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.2');
    expect(value(state, `${DI}ActiveFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.2');
    expect(value(state, `${DI}FirmwareImage.2.Name`)).toBe('img-7');
    expect(value(state, `${DI}FirmwareImage.2.Status`)).toBe('Active');
    expect(value(state, `${DI}FirmwareImage.1.Status`)).toBe('Available');
    expect(state.pendingEvents).toEqual([{ eventCode: '1 BOOT', commandKey: '' }]);
    // The next image goes over the bank not running: bank 1.
    const third = installFirmware(state, { version: '2.2.0', name: 'img-8' }, true);
    expect(value(third, `${DI}ActiveFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.1');
    expect(value(third, `${DI}FirmwareImage.2.Version`)).toBe('2.1.0');
  });

  it('rolls back: BootFirmwareImage to the old bank, then a reboot runs it', () => {
    const upgraded = installFirmware(tr181(), { version: '2.1.0', name: 'img-7' }, true);
    const set = spv(upgraded, [
      {
        name: `${DI}BootFirmwareImage`,
        type: 'string',
        value: 'Device.DeviceInfo.FirmwareImage.1',
      },
    ]);
    expect(set.reply.type).toBe('SetParameterValuesResponse');
    expect(value(set.state, `${DI}SoftwareVersion`)).toBe('2.1.0'); // not before the reboot
    const rebooted = handleRpc(set.state, { type: 'Reboot', commandKey: 'rb' });
    expect(rebooted.effects).toEqual([{ kind: 'reboot' }]);
    const booted = bootFirmware(rebooted.state);
    expect(value(booted, `${DI}SoftwareVersion`)).toBe('1.0.0');
    expect(value(booted, `${DI}ActiveFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.1');
  });

  it('keeps the old version when the new image fails to start, and says why', () => {
    const state = installFirmware(tr181(), { version: '2.1.0', name: 'img-7' }, false);
    expect(value(state, `${DI}SoftwareVersion`)).toBe('1.0.0');
    expect(value(state, `${DI}ActiveFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.1');
    expect(value(state, `${DI}BootFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.2');
    expect(value(state, `${DI}FirmwareImage.2.Status`)).toBe('ActivationFailed');
    expect(value(state, `${DI}FirmwareImage.2.BootFailureLog`)).toMatch(/did not start/);
    expect(value(bootFirmware(state), `${DI}SoftwareVersion`)).toBe('1.0.0'); // fails again
    expect(state.pendingEvents.map((event) => event.eventCode)).toEqual(['1 BOOT']);
  });

  it('refuses (9007) a boot bank that is empty or unavailable, and disabling the running bank', () => {
    const boot = (reference: string) =>
      spv(tr181(), [{ name: `${DI}BootFirmwareImage`, type: 'string', value: reference }]).reply;
    for (const reference of [
      'Device.DeviceInfo.FirmwareImage.2',
      'Device.DeviceInfo.FirmwareImage.9',
      'x',
    ]) {
      expect(boot(reference)).toMatchObject({
        faultCode: 9007,
        setParameterValuesFaults: [{ parameterName: `${DI}BootFirmwareImage`, faultCode: 9007 }],
      });
    }
    const disable = spv(tr181(), [
      { name: `${DI}FirmwareImage.1.Available`, type: 'boolean', value: false },
    ]);
    expect(disable.reply).toMatchObject({ faultCode: 9007 });
    // Making bank 2 available and booting it in one SPV is fine once it holds an image.
    const upgraded = installFirmware(tr181(), { version: '2.1.0', name: 'i' }, true);
    const both = spv(upgraded, [
      { name: `${DI}FirmwareImage.2.Available`, type: 'boolean', value: true },
      {
        name: `${DI}BootFirmwareImage`,
        type: 'string',
        value: 'Device.DeviceInfo.FirmwareImage.1',
      },
    ]);
    expect(both.reply.type).toBe('SetParameterValuesResponse');
  });

  it('keeps the running firmware across a factory reset', () => {
    const upgraded = installFirmware(tr181(), { version: '2.1.0', name: 'img-7' }, true);
    const reset = handleRpc(upgraded, { type: 'FactoryReset' }).state;
    expect(value(reset, `${DI}SoftwareVersion`)).toBe('2.1.0');
    expect(value(reset, `${DI}ActiveFirmwareImage`)).toBe('Device.DeviceInfo.FirmwareImage.2');
  });

  it('leaves TR-098 devices single bank: the version changes in place', () => {
    const igd = createDeviceState(TR098_INTERNET_GATEWAY, 'SIM2', 2);
    const state = installFirmware(igd, { version: '4.0', name: 'x' }, true);
    expect(value(state, 'InternetGatewayDevice.DeviceInfo.SoftwareVersion')).toBe('4.0');
    const failed = installFirmware(igd, { version: '4.0', name: 'x' }, false);
    expect(value(failed, 'InternetGatewayDevice.DeviceInfo.SoftwareVersion')).toBe('3.4.5');
  });
});
