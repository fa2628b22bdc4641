import { SAMPLES } from '../../test-support/samples';
import { CwmpMessage } from '../messages/registry';
import { checkMessage } from './semantic-checks';

describe('semantic checks, apart from decoding', () => {
  it('finds nothing wrong with the realistic samples', () => {
    for (const message of Object.values(SAMPLES) as CwmpMessage[]) {
      expect({ type: message.type, problems: checkMessage(message) }).toEqual({
        type: message.type,
        problems: [],
      });
    }
  });

  it('refuses an Inform that does not identify its device, and warns on odd event codes', () => {
    const inform = {
      ...SAMPLES.Inform,
      deviceId: { ...SAMPLES.Inform.deviceId, serialNumber: '' },
      events: [
        { eventCode: '2 PERIODIC', commandKey: '' },
        { eventCode: 'BOOT', commandKey: '' },
        { eventCode: 'X 00D09E Upgraded', commandKey: '' },
      ],
    };
    expect(checkMessage(inform)).toEqual([
      {
        field: 'deviceId.serialNumber',
        problem: 'empty SerialNumber: the device cannot be identified',
        severity: 'error',
      },
      { field: 'events[1].eventCode', problem: 'unknown event code "BOOT"', severity: 'warning' },
    ]);
  });

  it('flags a SetParameterValues that sets a parameter twice and out-of-range statuses', () => {
    const [first] = SAMPLES.SetParameterValues.parameters;
    if (!first) throw new Error('sample has no parameters');
    const twice = { ...SAMPLES.SetParameterValues, parameters: [first, first] };
    expect(checkMessage(twice).map((problem) => problem.field)).toEqual(['parameters[1].name']);
    expect(checkMessage({ type: 'SetParameterValuesResponse', status: 2 })).toHaveLength(1);
    expect(checkMessage({ type: 'AddObjectResponse', instanceNumber: 0, status: 0 })).toHaveLength(
      1,
    );
  });

  it('requires instance paths for DeleteObject and one or two ScheduleDownload windows', () => {
    expect(
      checkMessage({ ...SAMPLES.DeleteObject, objectName: 'Device.NAT.PortMapping.' }),
    ).toHaveLength(1);
    expect(checkMessage({ ...SAMPLES.ScheduleDownload, timeWindows: [] })).toHaveLength(1);
  });
});
