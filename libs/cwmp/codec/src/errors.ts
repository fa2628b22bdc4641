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

/**
 * The path of a failure that is about the document as a whole rather than one element: an empty
 * or oversized body, an unreadable charset, text before the root element.
 */
export const DOCUMENT_PATH = '/';

/** What the decoder knew about the envelope when it failed, so a fault can still echo cwmp:ID. */
export interface DecodeErrorContext {
  /**
   * Where it failed: a slash-separated element path of local names, from the method element for
   * what a message decoder reads (`Inform/DeviceId/OUI`), from the Envelope for what is found
   * before it (`Envelope/Body`, the open elements at a syntax error), or DOCUMENT_PATH.
   */
  path: string;
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
    /** The message without its location, so context can be added without parsing it back. */
    readonly detail: string,
    readonly context: DecodeErrorContext,
  ) {
    super(`${detail} (at ${context.path})`);
  }

  toJSON(): { code: DecodeErrorCode; message: string; context: DecodeErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }

  /** The same error with what the envelope decoder learnt before it (cwmp:ID, namespace, method). */
  withContext(extra: Omit<DecodeErrorContext, 'path'>): DecodeError {
    return new DecodeError(this.code, this.detail, { ...extra, ...this.context });
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
