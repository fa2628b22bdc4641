import { InvalidFilterError, InvalidTagsError } from '@acs/device-store';
import { NbiError, NbiErrorKind } from './nbi-errors';

/** The API's error body (ErrorSchema). */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
  reason?: string;
  currentVersion?: number;
}

export interface HttpFailure {
  status: number;
  body: ErrorBody;
  /** Not one of ours: a bug or an outage, logged with its stack. */
  unexpected: boolean;
}

const STATUS_OF_KIND: Record<NbiErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
};

/**
 * The one place errors become HTTP answers: domain errors by kind, the device store's query and
 * tag errors as the 400/409 they are, anything else a 500 that reveals nothing.
 */
export function httpFailureOf(error: unknown): HttpFailure {
  if (error instanceof NbiError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if ('field' in error && typeof error.field === 'string') body.field = error.field;
    if ('reason' in error && typeof error.reason === 'string') body.reason = error.reason;
    if ('currentVersion' in error && typeof error.currentVersion === 'number') {
      body.currentVersion = error.currentVersion;
    }
    return { status: STATUS_OF_KIND[error.kind], body, unexpected: false };
  }
  if (error instanceof InvalidFilterError) {
    return {
      status: 400,
      body: {
        error: 'validation-failed',
        message: error.message,
        field: error.path,
        reason: error.code,
      },
      unexpected: false,
    };
  }
  if (error instanceof InvalidTagsError) {
    return error.code === 'too-many-tags'
      ? { status: 409, body: { error: 'too-many-tags', message: error.message }, unexpected: false }
      : {
          status: 400,
          body: { error: 'validation-failed', message: error.message, field: 'tags' },
          unexpected: false,
        };
  }
  return {
    status: 500,
    body: { error: 'internal-error', message: 'the request failed; see the server log' },
    unexpected: true,
  };
}
