import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  FileStoreError,
  ImageContentExistsError as StoredContentExistsError,
  type FirmwareImage,
} from '@acs/firmware-data-access';
import type { CataloguePorts } from './catalogue';
import {
  ContentIncompleteError,
  ContentTooLargeError,
  ImageContentExistsError,
  ImageNotFoundError,
} from './errors';

export interface UploadImageContentPorts extends Pick<CataloguePorts, 'images' | 'files'> {
  /** The largest image the library takes, in bytes. */
  maxBytes: number;
}

export interface ImageUpload {
  imageId: string;
  /** The bytes, read once, as they arrive: never held whole. */
  content: Readable;
  /** The length the sender declared (Content-Length): a body that disagrees stores nothing. */
  declaredSize?: number;
}

/**
 * Streams an image's bytes into the file store, size and SHA-256 computed on the way, then
 * records them in the catalogue. Each upload writes a file of its own (`<imageId>.<random>`), so
 * an upload retried after a crash, or two raced, never meet in the file store: the catalogue's
 * conditional record picks the one that counts and the others' files are deleted. A refused or
 * cut-off upload stores nothing.
 */
export class UploadImageContent {
  constructor(private readonly ports: UploadImageContentPorts) {}

  async execute(upload: ImageUpload): Promise<FirmwareImage> {
    const { images, files, maxBytes } = this.ports;
    const image = await images.get(upload.imageId);
    if (!image) throw new ImageNotFoundError(upload.imageId);
    if (image.content) throw new ImageContentExistsError(image.id);
    if (upload.declaredSize !== undefined && upload.declaredSize > maxBytes)
      throw new ContentTooLargeError(maxBytes);
    const fileId = `${image.id}.${randomBytes(6).toString('hex')}`;
    const stored = await files
      .put(fileId, upload.content, {
        maxBytes,
        ...(upload.declaredSize === undefined ? {} : { size: upload.declaredSize }),
      })
      .catch((error: unknown) => {
        if (error instanceof FileStoreError && error.code === 'too-large')
          throw new ContentTooLargeError(maxBytes);
        if (error instanceof FileStoreError && error.code === 'incomplete')
          throw new ContentIncompleteError(`image ${image.id}: ${error.message}; nothing stored`);
        throw error;
      });
    const content = { fileId, size: stored.size, sha256: stored.sha256, storedAt: stored.storedAt };
    try {
      const recorded = await images.recordContent(image.id, content);
      if (!recorded) throw new ImageNotFoundError(image.id);
      return recorded;
    } catch (error) {
      await files.delete(fileId);
      if (error instanceof StoredContentExistsError) throw new ImageContentExistsError(image.id);
      throw error;
    }
  }
}
