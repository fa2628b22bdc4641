import { stringArray } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

/** Either side may call GetRPCMethods; the messages are the same in both directions. */
export interface GetRPCMethods {
  type: 'GetRPCMethods';
}

export interface GetRPCMethodsResponse {
  type: 'GetRPCMethodsResponse';
  methods: string[];
}

export const getRpcMethodsCodec = emptyMessageCodec('GetRPCMethods');

export const getRpcMethodsResponseCodec: MessageCodec<GetRPCMethodsResponse> = {
  type: 'GetRPCMethodsResponse',
  decode: (method) => ({
    type: 'GetRPCMethodsResponse',
    methods: method.strings('MethodList').map((name) => name.trim()),
  }),
  encode: (message) => stringArray('MethodList', message.methods),
};
