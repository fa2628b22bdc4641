import { describe, expect, it } from '@jest/globals';
import { faultOf } from '@acs/cwmp-codec';
import type { DeviceView } from './shapes';
import { applyRpcOutcomeToView } from './view-update';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const BEFORE = '2025-05-01T00:00:00.000Z';
const view: DeviceView = {
  deviceId: 'd',
  oui: '0253AC',
  productClass: 'SimGateway-181',
  serialNumber: 'S',
  manufacturer: 'M',
  tags: [],
  dataModelRoot: 'Device.',
  parameters: {
    'Device.NAT.PortMapping.1.ExternalPort': {
      object: false,
      value: 22,
      type: 'unsignedInt',
      valueAt: BEFORE,
    },
    'Device.NAT.PortMapping.2.ExternalPort': {
      object: false,
      value: 80,
      type: 'unsignedInt',
      valueAt: BEFORE,
      stale: true,
    },
    'Device.WiFi.SSID.1.SSID': { object: false, value: 'old', type: 'string', valueAt: BEFORE },
  },
};

describe('applyRpcOutcomeToView', () => {
  it('learns read values with the time, and forgets what a partial-path read no longer lists', () => {
    const next = applyRpcOutcomeToView(
      view,
      { type: 'GetParameterValues', parameterNames: ['Device.NAT.PortMapping.'] },
      {
        kind: 'response',
        response: {
          type: 'GetParameterValuesResponse',
          parameters: [
            { name: 'Device.NAT.PortMapping.2.ExternalPort', type: 'unsignedInt', value: 8080 },
          ],
        },
      },
      NOW,
    );
    expect(next.parameters['Device.NAT.PortMapping.1.ExternalPort']).toBeUndefined();
    expect(next.parameters['Device.NAT.PortMapping.2.ExternalPort']).toMatchObject({
      value: 8080,
      valueAt: NOW.toISOString(),
      stale: false,
    });
    expect(next.parameters['Device.NAT.PortMapping.']).toEqual({ object: true });
    expect(next.parameters['Device.WiFi.SSID.1.SSID']?.value).toBe('old');
    expect(view.parameters['Device.NAT.PortMapping.1.ExternalPort']).toBeDefined(); // input untouched
  });

  it('learns set values, a new instance, a deleted subtree and notifications', () => {
    let next = applyRpcOutcomeToView(
      view,
      {
        type: 'SetParameterValues',
        parameterKey: '',
        parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'new' }],
      },
      { kind: 'response', response: { type: 'SetParameterValuesResponse', status: 0 } },
      NOW,
    );
    expect(next.parameters['Device.WiFi.SSID.1.SSID']?.value).toBe('new');
    next = applyRpcOutcomeToView(
      next,
      { type: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: '' },
      { kind: 'response', response: { type: 'AddObjectResponse', instanceNumber: 9, status: 0 } },
      NOW,
    );
    expect(next.parameters['Device.NAT.PortMapping.9.']).toMatchObject({ object: true });
    next = applyRpcOutcomeToView(
      next,
      { type: 'DeleteObject', objectName: 'Device.NAT.PortMapping.1.', parameterKey: '' },
      { kind: 'response', response: { type: 'DeleteObjectResponse', status: 0 } },
      NOW,
    );
    expect(
      Object.keys(next.parameters).filter((p) => p.startsWith('Device.NAT.PortMapping.1.')),
    ).toEqual([]);
    next = applyRpcOutcomeToView(
      next,
      {
        type: 'SetParameterAttributes',
        parameters: [
          {
            name: 'Device.WiFi.',
            notificationChange: true,
            notification: 2,
            accessListChange: false,
            accessList: [],
          },
        ],
      },
      { kind: 'response', response: { type: 'SetParameterAttributesResponse' } },
      NOW,
    );
    expect(next.parameters['Device.WiFi.SSID.1.SSID']?.notification).toBe(2);
    expect(next.parameters['Device.WiFi.']?.notification).toBe(2);
  });

  it('learns nothing from a fault', () => {
    const next = applyRpcOutcomeToView(
      view,
      {
        type: 'SetParameterValues',
        parameterKey: '',
        parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'new' }],
      },
      { kind: 'fault', fault: faultOf(9007) },
      NOW,
    );
    expect(next).toBe(view);
  });
});
