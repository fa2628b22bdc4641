import { Controller, Get } from '@nestjs/common';
import { buildOpenApiDocument } from './openapi-document';

/** GET /api-docs: the OpenAPI document, public (it holds nothing secret). */
@Controller()
export class ApiDocsController {
  private readonly document = buildOpenApiDocument();

  @Get('api-docs')
  get() {
    return this.document;
  }
}
