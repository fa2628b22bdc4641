import {
  InvalidImageMetadataError,
  type CampaignStore,
  type FileStore,
  type FirmwareImage,
  type ImagePage,
  type ImageStore,
} from '@acs/firmware-data-access';
import { sameVersion, type ImageMetadata } from '@acs/firmware-domain';
import { ImageInUseError, ImageMetadataRefusedError, ImageNotFoundError } from './errors';

export interface CataloguePorts {
  images: ImageStore;
  files: FileStore;
  /** Read to refuse deleting an image a campaign that has not ended uses. */
  campaigns: Pick<CampaignStore, 'list'>;
}

export class CreateImage {
  constructor(private readonly ports: Pick<CataloguePorts, 'images'>) {}

  async execute(metadata: ImageMetadata): Promise<FirmwareImage> {
    try {
      return await this.ports.images.create(metadata);
    } catch (error) {
      if (error instanceof InvalidImageMetadataError)
        throw new ImageMetadataRefusedError(error.problems);
      throw error;
    }
  }
}

export class ListImages {
  constructor(private readonly ports: Pick<CataloguePorts, 'images'>) {}

  execute(page: { limit: number; skip?: number }): Promise<ImagePage> {
    return this.ports.images.list(page);
  }
}

export class GetImage {
  constructor(private readonly ports: Pick<CataloguePorts, 'images'>) {}

  async execute(imageId: string): Promise<FirmwareImage> {
    const image = await this.ports.images.get(imageId);
    if (!image) throw new ImageNotFoundError(imageId);
    return image;
  }
}

/**
 * Removes the image from the catalogue, then its bytes: once the catalogue entry is gone nothing
 * offers the file, and a failure between the two leaves an orphan file, never an image without
 * bytes. (Refusing an image a running campaign uses belongs here once campaigns exist.)
 */
export class DeleteImage {
  constructor(private readonly ports: CataloguePorts) {}

  async execute(imageId: string): Promise<void> {
    const image = await this.ports.images.get(imageId);
    if (!image) throw new ImageNotFoundError(imageId);
    const { campaigns } = await this.ports.campaigns.list({
      limit: 1_000,
      states: ['scheduled', 'running', 'paused'],
    });
    // A campaign by target version may hand this image to some of its devices.
    const users = campaigns.filter((campaign) =>
      campaign.imageId === undefined
        ? sameVersion(campaign.targetVersion, image.version)
        : campaign.imageId === imageId,
    );
    if (users.length > 0)
      throw new ImageInUseError(
        imageId,
        users.map((campaign) => campaign.id),
      );
    if (!(await this.ports.images.delete(imageId))) throw new ImageNotFoundError(imageId);
    if (image.content) await this.ports.files.delete(image.content.fileId);
  }
}

/** Every image of the catalogue, newest first: it is small (images, not devices). */
export async function wholeCatalogue(images: ImageStore): Promise<FirmwareImage[]> {
  const all: FirmwareImage[] = [];
  for (;;) {
    const page = await images.list({ limit: 500, skip: all.length });
    all.push(...page.images);
    if (page.images.length === 0 || all.length >= page.total) return all;
  }
}
