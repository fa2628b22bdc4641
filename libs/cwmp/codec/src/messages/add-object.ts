import { element, intElement, unsignedElement } from '../xml/writer';
import { MessageCodec } from './message-codec';

export interface AddObject {
  type: 'AddObject';
  /** Path of the multi-instance object, ending in a dot (`Device.WiFi.SSID.`). */
  objectName: string;
  parameterKey: string;
}

export interface AddObjectResponse {
  type: 'AddObjectResponse';
  instanceNumber: number;
  status: number;
}

export const addObjectCodec: MessageCodec<AddObject> = {
  type: 'AddObject',
  decode: (method) => ({
    type: 'AddObject',
    objectName: method.string('ObjectName'),
    parameterKey: method.optionalString('ParameterKey'),
  }),
  encode: (message) =>
    element('ObjectName', message.objectName) + element('ParameterKey', message.parameterKey),
};

export const addObjectResponseCodec: MessageCodec<AddObjectResponse> = {
  type: 'AddObjectResponse',
  decode: (method) => ({
    type: 'AddObjectResponse',
    instanceNumber: method.int('InstanceNumber'),
    status: method.int('Status'),
  }),
  encode: (message) =>
    unsignedElement('InstanceNumber', message.instanceNumber) +
    intElement('Status', message.status),
};
