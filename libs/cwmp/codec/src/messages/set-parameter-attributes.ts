import { booleanElement, element, intElement, soapArray } from '../xml/writer';
import { readAccessList, writeAccessList } from './get-parameter-attributes';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface SetParameterAttributesStruct {
  name: string;
  notificationChange: boolean;
  notification: number;
  accessListChange: boolean;
  accessList: string[];
}

export interface SetParameterAttributes {
  type: 'SetParameterAttributes';
  parameters: SetParameterAttributesStruct[];
}

export interface SetParameterAttributesResponse {
  type: 'SetParameterAttributesResponse';
}

export const setParameterAttributesCodec: MessageCodec<SetParameterAttributes> = {
  type: 'SetParameterAttributes',
  decode: (method) => ({
    type: 'SetParameterAttributes',
    parameters: method.items('ParameterList').map((struct) => ({
      name: struct.string('Name'),
      notificationChange: struct.boolean('NotificationChange'),
      notification: struct.int('Notification'),
      accessListChange: struct.boolean('AccessListChange'),
      accessList: readAccessList(struct),
    })),
  }),
  encode: (message, options) =>
    soapArray(
      'ParameterList',
      'cwmp:SetParameterAttributesStruct',
      message.parameters.map(
        (struct) =>
          `<SetParameterAttributesStruct>${element('Name', struct.name)}` +
          booleanElement('NotificationChange', struct.notificationChange, options) +
          intElement('Notification', struct.notification) +
          booleanElement('AccessListChange', struct.accessListChange, options) +
          `${writeAccessList(struct.accessList)}</SetParameterAttributesStruct>`,
      ),
    ),
};

export const setParameterAttributesResponseCodec = emptyMessageCodec(
  'SetParameterAttributesResponse',
);
