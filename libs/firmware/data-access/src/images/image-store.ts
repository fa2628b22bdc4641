import {
  imageMetadataProblems,
  type ImageMetadata,
  type MetadataProblem,
} from '@acs/firmware-domain';

/** An image of the catalogue: what the operator said of it, and what the file store measured. */
export interface FirmwareImage extends ImageMetadata {
  readonly id: string;
  readonly createdAt: Date;
  /** Set once the content is stored (size and SHA-256 as the file store computed them). */
  readonly content?: ImageContent;
}

export interface ImageContent {
  /** The file store id of the bytes: one per upload, so a retried or raced upload never collides. */
  readonly fileId: string;
  readonly size: number;
  readonly sha256: string;
  readonly storedAt: Date;
}

export interface ImagePage {
  images: FirmwareImage[];
  total: number;
}

/**
 * The firmware catalogue (firmware owns it). The bytes live in the file store under the image's
 * id; this store holds what is known of them. An image is created without content, and its
 * content is recorded once.
 */
export interface ImageStore {
  /** Checks the metadata (InvalidImageMetadataError) and stores it under a new time-ordered id. */
  create(metadata: ImageMetadata): Promise<FirmwareImage>;
  get(id: string): Promise<FirmwareImage | null>;
  /** Newest first. */
  list(page: { limit: number; skip?: number }): Promise<ImagePage>;
  /**
   * Records the stored content of an image that has none: the image as it is now, null when it
   * does not exist; ImageContentExistsError when it already has content.
   */
  recordContent(id: string, content: ImageContent): Promise<FirmwareImage | null>;
  /** False when there was no such image. */
  delete(id: string): Promise<boolean>;
}

export class InvalidImageMetadataError extends Error {
  constructor(readonly problems: readonly MetadataProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
    this.name = 'InvalidImageMetadataError';
  }
}

export class ImageContentExistsError extends Error {
  constructor(readonly imageId: string) {
    super(`image ${imageId} already has its content`);
    this.name = 'ImageContentExistsError';
  }
}

/** The metadata as stored: checked, and only the fields the catalogue keeps. */
export function checkedMetadata(metadata: ImageMetadata): ImageMetadata {
  const problems = imageMetadataProblems(metadata);
  if (problems.length > 0) throw new InvalidImageMetadataError(problems);
  const { rules } = metadata;
  return {
    version: metadata.version,
    fileType: metadata.fileType,
    ...(metadata.releaseNotes === undefined ? {} : { releaseNotes: metadata.releaseNotes }),
    rules: {
      ouis: [...rules.ouis],
      ...(rules.productClasses ? { productClasses: [...rules.productClasses] } : {}),
      ...(rules.hardwareVersions ? { hardwareVersions: [...rules.hardwareVersions] } : {}),
      ...(rules.appliesOver === undefined ? {} : { appliesOver: rules.appliesOver }),
      ...(rules.allowDowngrade === undefined ? {} : { allowDowngrade: rules.allowDowngrade }),
    },
  };
}
