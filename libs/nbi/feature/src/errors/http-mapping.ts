import { InvalidFilterError } from '@acs/device-store';
import {
  isProvisioningFailure,
  type ProvisioningFailure,
  type RecordPosition,
} from '@acs/provisioning-use-cases';
import { isFirmwareFailure, type FirmwareFailure } from '@acs/firmware-use-cases';
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
  /** A refusal that passes: sent as the Retry-After header. */
  retryAfterSeconds?: number;
}

const STATUS_OF_KIND: Record<NbiErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  unavailable: 503,
};

/**
 * The one place errors become HTTP answers: the API's own errors by kind, provisioning's use-case
 * refusals by code (provisioningFailure), firmware's likewise (firmwareFailure), the device
 * store's query errors as the 400 they are, anything else a 500 that reveals nothing.
 */
export function httpFailureOf(error: unknown): HttpFailure {
  if (error instanceof NbiError) {
    const body: ErrorBody = { error: error.code, message: error.message };
    if ('field' in error && typeof error.field === 'string') body.field = error.field;
    if ('reason' in error && typeof error.reason === 'string') body.reason = error.reason;
    if ('currentVersion' in error && typeof error.currentVersion === 'number') {
      body.currentVersion = error.currentVersion;
    }
    const failure: HttpFailure = { status: STATUS_OF_KIND[error.kind], body, unexpected: false };
    if ('retryAfterSeconds' in error && typeof error.retryAfterSeconds === 'number') {
      failure.retryAfterSeconds = error.retryAfterSeconds;
    }
    return failure;
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
  if (isProvisioningFailure(error)) return provisioningFailure(error);
  if (isFirmwareFailure(error)) return firmwareFailure(error);
  return {
    status: 500,
    body: { error: 'internal-error', message: 'the request failed; see the server log' },
    unexpected: true,
  };
}

/** The subscriber routes carry their records as `subscribers`. */
const recordField = ({ index, field }: RecordPosition) => `subscribers[${index}].${field}`;

const answer = (status: number, body: ErrorBody): HttpFailure => ({
  status,
  body,
  unexpected: false,
});

/**
 * Provisioning's use-case refusals (@acs/provisioning-use-cases), as the OSS command adapter
 * maps the same errors to command-result codes: a reference or a record in the body that does
 * not hold is the body's fault (400 naming the field), a target that does not exist a 404.
 */
function provisioningFailure(error: ProvisioningFailure): HttpFailure {
  switch (error.code) {
    case 'device-not-found':
      return answer(404, { error: error.code, message: error.message });
    case 'configuration-not-found': {
      if (!error.record) return answer(404, { error: error.code, message: error.message });
      const field = recordField(error.record);
      return answer(400, {
        error: 'validation-failed',
        message: `${field}: ${error.message}`,
        field,
        reason: 'unknown-configuration',
      });
    }
    case 'invalid-subscriber-record': {
      const field = recordField(error.record);
      return answer(400, {
        error: 'validation-failed',
        message: `${field}: ${error.detail}`,
        field,
      });
    }
    case 'tag-change-refused':
      return error.reason === 'too-many-tags'
        ? answer(409, { error: 'too-many-tags', message: error.message })
        : answer(400, { error: 'validation-failed', message: error.message, field: error.field });
    case 'connection-requests-unavailable':
      return answer(503, { error: error.code, message: error.message });
    case 'diagnostic-unsupported':
      return answer(422, { error: error.code, message: error.message });
    case 'invalid-diagnostic-inputs': {
      const field = /^\/([^:]*):/.exec(error.problems[0] ?? '')?.[1] ?? 'inputs';
      return answer(400, { error: 'validation-failed', message: error.message, field });
    }
    case 'diagnostic-run-not-found':
      return answer(404, { error: error.code, message: error.message });
  }
}

/**
 * Firmware's use-case refusals (@acs/firmware-use-cases): bad metadata is the body's fault (400
 * naming the first bad field, all of them in the message), an upload that did not arrive whole
 * a 400 on the body, one too large a 413.
 */
function firmwareFailure(error: FirmwareFailure): HttpFailure {
  switch (error.code) {
    case 'image-not-found':
    case 'device-not-found':
      return answer(404, { error: error.code, message: error.message });
    case 'image-content-exists':
    case 'image-in-use':
    case 'devices-in-other-campaign':
    case 'campaign-state-conflict':
      return answer(409, { error: error.code, message: error.message });
    case 'campaign-not-found':
    case 'backup-not-found':
    case 'backup-policy-not-found':
      return answer(404, { error: error.code, message: error.message });
    case 'backups-unavailable':
      return answer(503, { error: error.code, message: error.message });
    case 'campaign-not-applicable':
    case 'nothing-to-roll-back':
      return answer(422, { error: error.code, message: error.message });
    case 'invalid-campaign': {
      const field = error.problems[0]?.field ?? 'body';
      return answer(400, { error: 'validation-failed', message: error.message, field });
    }
    case 'invalid-image-metadata': {
      const field = error.problems[0]?.field ?? 'body';
      return answer(400, { error: 'validation-failed', message: error.message, field });
    }
    case 'content-incomplete':
      return answer(400, { error: error.code, message: error.message, field: 'body' });
    case 'content-too-large':
      return answer(413, { error: error.code, message: error.message });
  }
}
