import { emptyMessageCodec } from './message-codec';

export interface FactoryReset {
  type: 'FactoryReset';
}

export interface FactoryResetResponse {
  type: 'FactoryResetResponse';
}

export const factoryResetCodec = emptyMessageCodec('FactoryReset');
export const factoryResetResponseCodec = emptyMessageCodec('FactoryResetResponse');
