import { ParameterValue } from '../values/xsd-types';
import { stringArray } from '../xml/writer';
import { MessageCodec } from './message-codec';
import { readParameterValueList, writeParameterValueList } from './structs/parameter-value-list';

export interface GetParameterValues {
  type: 'GetParameterValues';
  /** Full parameter names or partial paths ending in a dot. */
  parameterNames: string[];
}

export interface GetParameterValuesResponse {
  type: 'GetParameterValuesResponse';
  parameters: ParameterValue[];
}

export const getParameterValuesCodec: MessageCodec<GetParameterValues> = {
  type: 'GetParameterValues',
  decode: (method) => ({
    type: 'GetParameterValues',
    parameterNames: method.strings('ParameterNames'),
  }),
  encode: (message) => stringArray('ParameterNames', message.parameterNames),
};

export const getParameterValuesResponseCodec: MessageCodec<GetParameterValuesResponse> = {
  type: 'GetParameterValuesResponse',
  decode: (method) => ({
    type: 'GetParameterValuesResponse',
    parameters: readParameterValueList(method.child('ParameterList')),
  }),
  encode: (message, options) =>
    writeParameterValueList('ParameterList', message.parameters, options),
};
