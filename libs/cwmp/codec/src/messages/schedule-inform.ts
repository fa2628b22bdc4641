import { element, unsignedElement } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface ScheduleInform {
  type: 'ScheduleInform';
  delaySeconds: number;
  commandKey: string;
}

export interface ScheduleInformResponse {
  type: 'ScheduleInformResponse';
}

export const scheduleInformCodec: MessageCodec<ScheduleInform> = {
  type: 'ScheduleInform',
  decode: (method) => ({
    type: 'ScheduleInform',
    delaySeconds: method.int('DelaySeconds'),
    commandKey: method.optionalString('CommandKey'),
  }),
  encode: (message) =>
    unsignedElement('DelaySeconds', message.delaySeconds) +
    element('CommandKey', message.commandKey),
};

export const scheduleInformResponseCodec = emptyMessageCodec('ScheduleInformResponse');
