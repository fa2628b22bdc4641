/**
 * Everything that can go wrong while decoding is one of these codes. Callers map them once per
 * transport (the gateway answers 400 or a SOAP fault); nothing else ever escapes the decoder.
 */
export type DecodeErrorCode =
  | 'EMPTY_BODY'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'FORBIDDEN_DTD'
  | 'UNSUPPORTED_CHARSET'
  | 'MALFORMED_XML'
  | 'NOT_SOAP'
  | 'NO_METHOD'
  | 'UNKNOWN_METHOD'
  | 'WRONG_DIRECTION'
  | 'MISSING_ELEMENT'
  | 'INVALID_VALUE'
  | 'INTERNAL';

/** What the decoder knew about the envelope when it failed, so a fault can still echo cwmp:ID. */
export interface DecodeErrorContext {
  /** Slash-separated element path, e.g. `Inform/DeviceId/OUI`. */
  path?: string;
  /** The method element's local name, when the failure came after it was found. */
  method?: string;
  /** cwmp:ID of the failing envelope, when it could be read. */
  id?: string;
  /** The CWMP namespace URI the peer used, when known. */
  namespace?: string;
  line?: number;
  column?: number;
}

export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(
    readonly code: DecodeErrorCode,
    message: string,
    readonly context: DecodeErrorContext = {},
  ) {
    super(context.path ? `${message} (at ${context.path})` : message);
  }

  toJSON(): { code: DecodeErrorCode; message: string; context: DecodeErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }

  withContext(extra: DecodeErrorContext): DecodeError {
    return new DecodeError(this.code, this.message.replace(/ \(at [^)]*\)$/, ''), {
      ...extra,
      ...this.context,
    });
  }
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: DecodeError };

export function ok<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

export function failed<T>(error: DecodeError): DecodeResult<T> {
  return { ok: false, error };
}

/** Thrown by the encoder when asked to write something the protocol cannot express. */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}
