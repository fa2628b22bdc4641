import type { MetadataProblem } from '@acs/firmware-domain';

/**
 * Why a firmware operation was refused, as domain errors: the use cases throw these, and each
 * transport maps them once (the operator API in libs/nbi/feature/src/errors/http-mapping.ts).
 * `code` is stable and machine-readable; the mapping switches on it, exhaustively.
 */
export abstract class FirmwareError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ImageNotFoundError extends FirmwareError {
  readonly code = 'image-not-found';

  constructor(readonly imageId: string) {
    super(`no image ${imageId}`);
  }
}

/** The metadata does not hold; `problems` names every bad field. */
export class ImageMetadataRefusedError extends FirmwareError {
  readonly code = 'invalid-image-metadata';

  constructor(readonly problems: readonly MetadataProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
  }
}

/** The image has its content already (an image's bytes are never replaced: make a new image). */
export class ImageContentExistsError extends FirmwareError {
  readonly code = 'image-content-exists';

  constructor(readonly imageId: string) {
    super(`image ${imageId} already has its content`);
  }
}

/** The upload ended before its declared length, went past it, or failed: nothing was stored. */
export class ContentIncompleteError extends FirmwareError {
  readonly code = 'content-incomplete';
}

/** The upload is (or declared itself) larger than the library takes. */
export class ContentTooLargeError extends FirmwareError {
  readonly code = 'content-too-large';

  constructor(readonly maxBytes: number) {
    super(`an image may hold at most ${maxBytes} bytes`);
  }
}

export class FirmwareDeviceNotFoundError extends FirmwareError {
  readonly code = 'device-not-found';

  constructor(readonly deviceId: string) {
    super(`no device ${deviceId}`);
  }
}

/** The image is used by a campaign that has not ended: deleting it would break the rollout. */
export class ImageInUseError extends FirmwareError {
  readonly code = 'image-in-use';

  constructor(
    readonly imageId: string,
    readonly campaignIds: readonly string[],
  ) {
    super(`image ${imageId} is used by campaign(s) ${campaignIds.join(', ')} that have not ended`);
  }
}

export class CampaignNotFoundError extends FirmwareError {
  readonly code = 'campaign-not-found';

  constructor(readonly campaignId: string) {
    super(`no campaign ${campaignId}`);
  }
}

/** The campaign as asked for cannot be made; `problems` names every bad field. */
export class CampaignRefusedError extends FirmwareError {
  readonly code = 'invalid-campaign';

  constructor(readonly problems: readonly MetadataProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
  }
}

/** No target device can take the image: nothing to do, with the reasons counted. */
export class CampaignNotApplicableError extends FirmwareError {
  readonly code = 'campaign-not-applicable';

  constructor(readonly reasons: Readonly<Record<string, number>>) {
    super(
      'the image applies to none of the target devices: ' +
        Object.entries(reasons)
          .map(([reason, count]) => `${count} ${reason}`)
          .join(', '),
    );
  }
}

/** Some target devices are in another campaign that has not ended. */
export class CampaignConflictError extends FirmwareError {
  readonly code = 'devices-in-other-campaign';

  constructor(readonly campaignsByDevice: ReadonlyMap<string, string>) {
    super(
      `${campaignsByDevice.size} target device(s) are in another campaign that has not ended: ` +
        [...campaignsByDevice]
          .slice(0, 10)
          .map(([device, campaign]) => `${device} (campaign ${campaign})`)
          .join(', '),
    );
  }
}

/** The action does not apply to the campaign in its state (resume a running one, ...). */
export class CampaignStateError extends FirmwareError {
  readonly code = 'campaign-state-conflict';

  constructor(
    readonly action: string,
    readonly state: string,
  ) {
    super(`cannot ${action} a campaign that is ${state}`);
  }
}

/** A rollback of a campaign none of whose devices qualifies (none failed, or none was reached). */
export class NothingToRollBackError extends FirmwareError {
  readonly code = 'nothing-to-roll-back';

  constructor(
    readonly campaignId: string,
    readonly scope: 'failed' | 'all',
  ) {
    super(
      scope === 'failed'
        ? `no device failed in campaign ${campaignId}: nothing to roll back`
        : `no device of campaign ${campaignId} got its Download: nothing to roll back`,
    );
  }
}

/** No such backup of the device (or, for a restore, not a configuration). */
export class BackupNotFoundError extends FirmwareError {
  readonly code = 'backup-not-found';

  constructor(
    readonly deviceId: string,
    readonly uploadId: string,
    detail?: string,
  ) {
    super(`no configuration backup ${uploadId} of ${deviceId}${detail ? `: ${detail}` : ''}`);
  }
}

export class BackupPolicyNotFoundError extends FirmwareError {
  readonly code = 'backup-policy-not-found';

  constructor(readonly policyId: string) {
    super(`no backup policy ${policyId}`);
  }
}

/** This process cannot reach the file server CPEs upload to (backups are not served here). */
export class BackupsUnavailableError extends FirmwareError {
  readonly code = 'backups-unavailable';

  constructor() {
    super('configuration backups need the firmware file server, which this process does not run');
  }
}

export type FirmwareFailure =
  | BackupPolicyNotFoundError
  | BackupNotFoundError
  | BackupsUnavailableError
  | ImageInUseError
  | CampaignNotFoundError
  | CampaignRefusedError
  | CampaignNotApplicableError
  | CampaignConflictError
  | CampaignStateError
  | NothingToRollBackError
  | ImageNotFoundError
  | ImageMetadataRefusedError
  | ImageContentExistsError
  | ContentIncompleteError
  | ContentTooLargeError
  | FirmwareDeviceNotFoundError;

export function isFirmwareFailure(error: unknown): error is FirmwareFailure {
  return error instanceof FirmwareError;
}
