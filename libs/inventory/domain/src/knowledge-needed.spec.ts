import type { AcsRequest } from '@acs/cwmp-codec';
import { SimulatedCpe } from '@acs/inventory-testing';
import { parametersToKnow } from './knowledge-needed';

describe('the parameters learning reads', () => {
  const cpe = new SimulatedCpe('tr181', 'SIM000001');

  it('for an Inform: the values it carries', () => {
    const inform = cpe.inform();
    expect(parametersToKnow(inform)).toEqual(inform.inform.parameters.map((p) => p.name));
  });

  it('for GetParameterNames with its request: the listed subtree, to see what vanished', () => {
    const request: AcsRequest = {
      type: 'GetParameterNames',
      parameterPath: 'Device.WiFi.',
      nextLevel: false,
    };
    expect(parametersToKnow({ ...cpe.answer(request), request })).toEqual(['Device.WiFi.']);
  });

  it('for a set: the values set when the request is known, else nothing', () => {
    const request: AcsRequest = {
      type: 'SetParameterValues',
      parameterKey: '',
      parameters: [{ name: 'Device.DeviceInfo.ProvisioningCode', type: 'string', value: 'x' }],
    };
    const answer = cpe.answer(request);
    expect(parametersToKnow({ ...answer, request })).toEqual([
      'Device.DeviceInfo.ProvisioningCode',
    ]);
    expect(parametersToKnow(answer)).toEqual([]);
  });

  it('for faults, attributes and session ends: nothing', () => {
    const fault = cpe.answer({ type: 'GetParameterValues', parameterNames: ['Device.Nope.'] });
    expect(fault.result.kind).toBe('fault');
    expect(parametersToKnow(fault)).toEqual([]);
    const attributes = cpe.answer({
      type: 'GetParameterAttributes',
      parameterNames: ['Device.DeviceInfo.SoftwareVersion'],
    });
    expect(parametersToKnow(attributes)).toEqual([]);
    expect(parametersToKnow(cpe.closed())).toEqual([]);
  });
});
