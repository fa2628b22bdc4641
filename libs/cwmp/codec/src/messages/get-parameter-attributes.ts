import { element, intElement, soapArray, stringArray } from '../xml/writer';
import { StructReader } from '../xml/reader';
import { MessageCodec } from './message-codec';

export interface GetParameterAttributes {
  type: 'GetParameterAttributes';
  parameterNames: string[];
}

export interface ParameterAttribute {
  name: string;
  /** 0 off, 1 passive, 2 active; 3-6 lightweight and active variants from CWMP 1.4. */
  notification: number;
  accessList: string[];
}

export interface GetParameterAttributesResponse {
  type: 'GetParameterAttributesResponse';
  parameters: ParameterAttribute[];
}

export function readAccessList(struct: StructReader): string[] {
  return struct.has('AccessList') ? struct.strings('AccessList').map((entry) => entry.trim()) : [];
}

export function writeAccessList(entries: readonly string[]): string {
  return soapArray(
    'AccessList',
    'xsd:string',
    entries.map((entry) => element('string', entry)),
  );
}

export const getParameterAttributesCodec: MessageCodec<GetParameterAttributes> = {
  type: 'GetParameterAttributes',
  decode: (method) => ({
    type: 'GetParameterAttributes',
    parameterNames: method.strings('ParameterNames'),
  }),
  encode: (message) => stringArray('ParameterNames', message.parameterNames),
};

export const getParameterAttributesResponseCodec: MessageCodec<GetParameterAttributesResponse> = {
  type: 'GetParameterAttributesResponse',
  decode: (method) => ({
    type: 'GetParameterAttributesResponse',
    parameters: method.items('ParameterList').map((attribute) => ({
      name: attribute.string('Name'),
      notification: attribute.int('Notification'),
      accessList: readAccessList(attribute),
    })),
  }),
  encode: (message) =>
    soapArray(
      'ParameterList',
      'cwmp:ParameterAttributeStruct',
      message.parameters.map(
        (attribute) =>
          `<ParameterAttributeStruct>${element('Name', attribute.name)}${intElement('Notification', attribute.notification)}${writeAccessList(
            attribute.accessList,
          )}</ParameterAttributeStruct>`,
      ),
    ),
};
