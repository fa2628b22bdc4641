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

export type FirmwareFailure =
  | ImageNotFoundError
  | ImageMetadataRefusedError
  | ImageContentExistsError
  | ContentIncompleteError
  | ContentTooLargeError
  | FirmwareDeviceNotFoundError;

export function isFirmwareFailure(error: unknown): error is FirmwareFailure {
  return error instanceof FirmwareError;
}
