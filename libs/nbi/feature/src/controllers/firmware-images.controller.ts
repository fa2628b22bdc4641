import {
  ChooseImageForDevice,
  CreateImage,
  DeleteImage,
  FindImagesMatchingNoDevice,
  GetImage,
  ListImages,
} from '@acs/firmware-use-cases';
import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { DEFAULT_PAGE_SIZE } from '../http/schemas';
import { choiceView, imageView } from '../use-cases/firmware-operations';
import { NbiController } from './nbi-controller.decorator';

/** The firmware image library's JSON routes (the upload is FirmwareImageContentController's). */
@NbiController()
export class FirmwareImagesController {
  constructor(
    private readonly listImages: ListImages,
    private readonly createImage: CreateImage,
    private readonly getImage: GetImage,
    private readonly deleteImage: DeleteImage,
    private readonly chooseImage: ChooseImageForDevice,
    private readonly unmatchedImages: FindImagesMatchingNoDevice,
  ) {}

  @Endpoint(ROUTES.listFirmwareImages)
  async list(@Input() input: InputOf<typeof ROUTES.listFirmwareImages>) {
    const page = await this.listImages.execute({
      limit: input.query.limit ?? DEFAULT_PAGE_SIZE,
      skip: input.query.skip ?? 0,
    });
    return { images: page.images.map(imageView), total: page.total };
  }

  @Endpoint(ROUTES.createFirmwareImage)
  async create(@Input() input: InputOf<typeof ROUTES.createFirmwareImage>) {
    return imageView(await this.createImage.execute(input.body));
  }

  @Endpoint(ROUTES.getFirmwareImage)
  async get(@Input() input: InputOf<typeof ROUTES.getFirmwareImage>) {
    return imageView(await this.getImage.execute(input.params.imageId));
  }

  @Endpoint(ROUTES.deleteFirmwareImage)
  async delete(@Input() input: InputOf<typeof ROUTES.deleteFirmwareImage>): Promise<void> {
    await this.deleteImage.execute(input.params.imageId);
  }

  @Endpoint(ROUTES.deviceFirmwareChoice)
  async choose(@Input() input: InputOf<typeof ROUTES.deviceFirmwareChoice>) {
    const { targetVersion } = input.query;
    return choiceView(
      await this.chooseImage.execute({
        deviceId: input.params.deviceId,
        ...(targetVersion === undefined ? {} : { targetVersion }),
      }),
    );
  }

  @Endpoint(ROUTES.firmwareImagesMatchingNoDevice)
  async unmatched() {
    const report = await this.unmatchedImages.execute();
    return { images: report.images.map(imageView), models: report.models };
  }
}
