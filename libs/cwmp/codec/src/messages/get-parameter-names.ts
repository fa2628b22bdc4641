import { booleanElement, element, soapArray } from '../xml/writer';
import { MessageCodec } from './message-codec';

export interface GetParameterNames {
  type: 'GetParameterNames';
  parameterPath: string;
  nextLevel: boolean;
}

export interface ParameterInfo {
  name: string;
  writable: boolean;
}

export interface GetParameterNamesResponse {
  type: 'GetParameterNamesResponse';
  parameters: ParameterInfo[];
}

export const getParameterNamesCodec: MessageCodec<GetParameterNames> = {
  type: 'GetParameterNames',
  decode: (method) => ({
    type: 'GetParameterNames',
    parameterPath: method.optionalString('ParameterPath'),
    nextLevel: method.boolean('NextLevel'),
  }),
  encode: (message, options) =>
    element('ParameterPath', message.parameterPath) +
    booleanElement('NextLevel', message.nextLevel, {
      ...options,
      booleansAsDigits: options.booleansAsDigits || options.nextLevelAsDigit,
    }),
};

export const getParameterNamesResponseCodec: MessageCodec<GetParameterNamesResponse> = {
  type: 'GetParameterNamesResponse',
  decode: (method) => ({
    type: 'GetParameterNamesResponse',
    parameters: method.items('ParameterList').map((info) => ({
      name: info.string('Name'),
      // Some stacks leave Writable empty on objects; unknown means not writable.
      writable: info.optionalString('Writable').trim() === '' ? false : info.boolean('Writable'),
    })),
  }),
  encode: (message, options) =>
    soapArray(
      'ParameterList',
      'cwmp:ParameterInfoStruct',
      message.parameters.map(
        (info) =>
          `<ParameterInfoStruct>${element('Name', info.name)}${booleanElement('Writable', info.writable, options)}</ParameterInfoStruct>`,
      ),
    ),
};
