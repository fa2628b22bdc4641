/**
 * Why a provisioning operation was refused, as domain errors: the use cases throw these, before
 * any write (a refused operation changed nothing), and each transport maps them once: the
 * operator API to an HTTP status (libs/nbi/feature/src/errors/http-mapping.ts), the command
 * adapter to a command-result error code (libs/provisioning/feature/src/commands/command-errors.ts).
 * `code` is stable and machine-readable; both mappings switch on it, exhaustively.
 */
export abstract class ProvisioningError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Where in a batch of subscriber records a refusal points: the record's index and its field. */
export interface RecordPosition {
  index: number;
  field: string;
}

/** One or more of the devices named are not known; `missing` lists them all. */
export class DeviceNotFoundError extends ProvisioningError {
  readonly code = 'device-not-found';

  constructor(readonly missing: readonly string[]) {
    super(`no device ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`);
  }
}

/**
 * A configuration named is not known: the one a profile is applied from, or a record's `profile`
 * (then `record` says which; an unknown one would be a fault on every device it reaches).
 */
export class ConfigurationNotFoundError extends ProvisioningError {
  readonly code = 'configuration-not-found';

  constructor(
    readonly configurationId: string,
    readonly record?: RecordPosition,
  ) {
    super(`no configuration ${configurationId}`);
  }
}

/** The subscriber store refused a record (a malformed field, a record naming no device). */
export class SubscriberRecordRefusedError extends ProvisioningError {
  readonly code = 'invalid-subscriber-record';

  constructor(
    readonly record: RecordPosition,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * A tag change that cannot be made: `no-change` (no tag to add or remove), `invalid-tag` (a
 * malformed tag) or `too-many-tags` (a device would hold more than the store allows). `field`
 * names the offending input.
 */
export class TagChangeRefusedError extends ProvisioningError {
  readonly code = 'tag-change-refused';

  constructor(
    readonly reason: 'no-change' | 'invalid-tag' | 'too-many-tags',
    readonly field: 'add' | 'tags',
    message: string,
  ) {
    super(message);
  }
}

/** This process sends no connection requests (the host gave no connection-request port). */
export class ConnectionRequestsUnavailableError extends ProvisioningError {
  readonly code = 'connection-requests-unavailable';

  constructor() {
    super('this process is not configured to send connection requests');
  }
}

/** The device's data model has no such diagnostic, or its stored tree shows it cannot run it. */
export class DiagnosticUnsupportedError extends ProvisioningError {
  readonly code = 'diagnostic-unsupported';

  constructor(
    readonly deviceId: string,
    readonly diagnostic: string,
  ) {
    super(`device ${deviceId} does not support the ${diagnostic} diagnostic`);
  }
}

/** Inputs that break the schema or the device's data model; `problems` name each field. */
export class DiagnosticInputsRefusedError extends ProvisioningError {
  readonly code = 'invalid-diagnostic-inputs';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** No diagnostic run of that id on that device. */
export class DiagnosticRunNotFoundError extends ProvisioningError {
  readonly code = 'diagnostic-run-not-found';

  constructor(
    readonly deviceId: string,
    readonly runId: string,
  ) {
    super(`no diagnostic run ${runId} on device ${deviceId}`);
  }
}

/** Every refusal a provisioning use case throws: what a transport's mapping must cover. */
export type ProvisioningFailure =
  | DeviceNotFoundError
  | ConfigurationNotFoundError
  | SubscriberRecordRefusedError
  | TagChangeRefusedError
  | ConnectionRequestsUnavailableError
  | DiagnosticUnsupportedError
  | DiagnosticInputsRefusedError
  | DiagnosticRunNotFoundError;

export function isProvisioningFailure(error: unknown): error is ProvisioningFailure {
  return error instanceof ProvisioningError;
}
