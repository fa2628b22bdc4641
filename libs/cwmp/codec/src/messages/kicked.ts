import { element } from '../xml/writer';
import { MessageCodec } from './message-codec';

export interface Kicked {
  type: 'Kicked';
  command: string;
  referer: string;
  arg: string;
  next: string;
}

export interface KickedResponse {
  type: 'KickedResponse';
  nextUrl: string;
}

export const kickedCodec: MessageCodec<Kicked> = {
  type: 'Kicked',
  decode: (method) => ({
    type: 'Kicked',
    command: method.string('Command'),
    referer: method.optionalString('Referer'),
    arg: method.optionalString('Arg'),
    next: method.optionalString('Next'),
  }),
  encode: (message) =>
    element('Command', message.command) +
    element('Referer', message.referer) +
    element('Arg', message.arg) +
    element('Next', message.next),
};

export const kickedResponseCodec: MessageCodec<KickedResponse> = {
  type: 'KickedResponse',
  decode: (method) => ({ type: 'KickedResponse', nextUrl: method.optionalString('NextURL') }),
  encode: (message) => element('NextURL', message.nextUrl),
};
