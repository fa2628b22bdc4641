import { Controller, Get, Inject } from '@nestjs/common';
import { FIRMWARE_ENABLED, PROVISIONING_ENABLED } from '../tokens';
import { buildOpenApiDocument } from './openapi-document';

/** GET /api-docs: the OpenAPI document of the routes served, public (it holds nothing secret). */
@Controller()
export class ApiDocsController {
  private readonly document: ReturnType<typeof buildOpenApiDocument>;

  constructor(
    @Inject(PROVISIONING_ENABLED) provisioning: boolean,
    @Inject(FIRMWARE_ENABLED) firmware: boolean,
  ) {
    this.document = buildOpenApiDocument({ provisioning, firmware });
  }

  @Get('api-docs')
  get() {
    return this.document;
  }
}
