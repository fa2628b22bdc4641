import { ParameterValue } from '../values/xsd-types';
import { element, intElement } from '../xml/writer';
import { MessageCodec } from './message-codec';
import { readParameterValueList, writeParameterValueList } from './structs/parameter-value-list';

export interface SetParameterValues {
  type: 'SetParameterValues';
  parameters: ParameterValue[];
  parameterKey: string;
}

export interface SetParameterValuesResponse {
  type: 'SetParameterValuesResponse';
  /** 0: applied; 1: applied and committed only after a reboot or similar. */
  status: number;
}

export const setParameterValuesCodec: MessageCodec<SetParameterValues> = {
  type: 'SetParameterValues',
  decode: (method) => ({
    type: 'SetParameterValues',
    parameters: readParameterValueList(method.child('ParameterList')),
    parameterKey: method.optionalString('ParameterKey'),
  }),
  encode: (message, options) =>
    writeParameterValueList('ParameterList', message.parameters, options) +
    element('ParameterKey', message.parameterKey),
};

export const setParameterValuesResponseCodec: MessageCodec<SetParameterValuesResponse> = {
  type: 'SetParameterValuesResponse',
  decode: (method) => ({ type: 'SetParameterValuesResponse', status: method.int('Status') }),
  encode: (message) => intElement('Status', message.status),
};
