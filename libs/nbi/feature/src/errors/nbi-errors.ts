/**
 * What can go wrong in an operator request, as domain errors: use cases and guards throw these,
 * and the exception filter maps each kind to its HTTP status in one place (nbi-exception.filter.ts).
 */
export type NbiErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'unavailable';

export abstract class NbiError extends Error {
  abstract readonly kind: NbiErrorKind;

  constructor(
    /** Stable, machine-readable: `validation-failed`, `device-not-found`, `task-running`, ... */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input; `field` names it as a dotted path (`limit`, `payload.parameterNames[0]`, `filter.$where`). */
export class InvalidInputError extends NbiError {
  readonly kind = 'invalid';

  constructor(
    readonly field: string,
    message: string,
    /** A finer reason when there is one, e.g. `operator-not-allowed`. */
    readonly reason?: string,
  ) {
    super('validation-failed', `${field}: ${message}`);
  }
}

export class UnauthenticatedError extends NbiError {
  readonly kind = 'unauthenticated';

  constructor(message: string) {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends NbiError {
  readonly kind = 'forbidden';

  constructor(message: string) {
    super('forbidden', message);
  }
}

export class NotFoundError extends NbiError {
  readonly kind = 'not-found';
}

export class ConflictError extends NbiError {
  readonly kind = 'conflict';
}

/** A change named a version that is no longer the current one; the answer tells which is. */
export class VersionConflictError extends ConflictError {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super('version-conflict', message);
  }
}

/** This API process cannot do it now (a service it needs is not configured here). */
export class UnavailableError extends NbiError {
  readonly kind = 'unavailable';
}

/** Over a request budget (per API key or OIDC subject, or per source address): 429. */
export class RateLimitedError extends NbiError {
  readonly kind = 'rate-limited';

  constructor(
    message: string,
    /** Sent as Retry-After: when the budget has a request again. */
    readonly retryAfterSeconds: number,
  ) {
    super('rate-limited', message);
  }
}

/** As many queries that scan the fleet as this process runs at once are running: 503. */
export class TooManyQueriesError extends UnavailableError {
  constructor(
    message: string,
    /** Sent as Retry-After. */
    readonly retryAfterSeconds: number,
  ) {
    super('too-many-queries', message);
  }
}

/**
 * The audit log cannot store the entry of a write: the write is refused, not carried out (the
 * API fails closed). Worth retrying once the audit store is back.
 */
export class AuditUnavailableError extends UnavailableError {
  constructor() {
    super(
      'audit-unavailable',
      'the audit log cannot record this write, so it was not carried out; try again later',
    );
  }
}
