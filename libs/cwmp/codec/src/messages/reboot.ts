import { element } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface Reboot {
  type: 'Reboot';
  commandKey: string;
}

export interface RebootResponse {
  type: 'RebootResponse';
}

export const rebootCodec: MessageCodec<Reboot> = {
  type: 'Reboot',
  decode: (method) => ({ type: 'Reboot', commandKey: method.optionalString('CommandKey') }),
  encode: (message) => element('CommandKey', message.commandKey),
};

export const rebootResponseCodec = emptyMessageCodec('RebootResponse');
