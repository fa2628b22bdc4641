import { EncodeOptions } from '../options';
import { StructReader } from '../xml/reader';

/**
 * One CWMP message: how its method element's children are read and written. The envelope
 * (namespaces, header, Body) is the envelope module's job, not the message's.
 */
export interface MessageCodec<M extends { type: string }> {
  readonly type: M['type'];
  decode(method: StructReader): M;
  /** The method element's children, XML-escaped. */
  encode(message: M, options: EncodeOptions): string;
}

/** For messages without arguments (FactoryReset, RebootResponse, ...). */
export function emptyMessageCodec<T extends string>(type: T): MessageCodec<{ type: T }> {
  return { type, decode: () => ({ type }), encode: () => '' };
}
