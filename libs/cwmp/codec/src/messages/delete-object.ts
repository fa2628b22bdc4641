import { element, intElement } from '../xml/writer';
import { MessageCodec } from './message-codec';

export interface DeleteObject {
  type: 'DeleteObject';
  /** Path of the instance, ending in a dot (`Device.WiFi.SSID.3.`). */
  objectName: string;
  parameterKey: string;
}

export interface DeleteObjectResponse {
  type: 'DeleteObjectResponse';
  status: number;
}

export const deleteObjectCodec: MessageCodec<DeleteObject> = {
  type: 'DeleteObject',
  decode: (method) => ({
    type: 'DeleteObject',
    objectName: method.string('ObjectName'),
    parameterKey: method.optionalString('ParameterKey'),
  }),
  encode: (message) =>
    element('ObjectName', message.objectName) + element('ParameterKey', message.parameterKey),
};

export const deleteObjectResponseCodec: MessageCodec<DeleteObjectResponse> = {
  type: 'DeleteObjectResponse',
  decode: (method) => ({ type: 'DeleteObjectResponse', status: method.int('Status') }),
  encode: (message) => intElement('Status', message.status),
};
