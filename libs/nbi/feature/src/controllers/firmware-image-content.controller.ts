import { Req } from '@nestjs/common';
import { UploadImageContent } from '@acs/firmware-use-cases';
import { InvalidInputError } from '../errors/nbi-errors';
import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import type { NbiRequest } from '../http/nbi-request';
import { ROUTES } from '../http/routes';
import { imageView } from '../use-cases/firmware-operations';
import { NbiController } from './nbi-controller.decorator';

const OCTET_STREAM = /^application\/octet-stream\s*(;|$)/i;

/**
 * The upload of an image's bytes: the request itself is the stream handed to the file store,
 * so this controller is kept out of JsonBodyMiddleware's routes (which would read the body).
 */
@NbiController()
export class FirmwareImageContentController {
  constructor(private readonly upload: UploadImageContent) {}

  @Endpoint(ROUTES.uploadFirmwareImageContent)
  async put(
    @Input() input: InputOf<typeof ROUTES.uploadFirmwareImageContent>,
    @Req() request: NbiRequest,
  ) {
    const contentType = request.headers['content-type'] ?? '';
    if (!OCTET_STREAM.test(contentType))
      throw new InvalidInputError(
        'body',
        `content type ${contentType || '(none)'} is not application/octet-stream`,
      );
    const length = request.headers['content-length'];
    const declaredSize = length === undefined ? undefined : Number(length);
    const image = await this.upload.execute({
      imageId: input.params.imageId,
      content: request,
      ...(declaredSize === undefined ? {} : { declaredSize }),
    });
    return imageView(image);
  }
}
