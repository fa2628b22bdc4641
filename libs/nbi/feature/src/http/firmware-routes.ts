import { defineEndpoint } from './endpoint';
import {
  DeviceFirmwareParams,
  DeviceFirmwareQuery,
  DeviceImageChoiceSchema,
  FirmwareImagePageSchema,
  FirmwareImageSchema,
  ImageIdParams,
  ImageMetadataBody,
  UnmatchedImagesSchema,
} from './firmware-schemas';
import { PageQuery } from './schemas';

const imageTarget = (params: Record<string, string>) => `firmware-image:${params['imageId'] ?? ''}`;

/**
 * The firmware image library: metadata first (POST), then the bytes (PUT .../content, streamed),
 * and the questions the catalogue answers. Served when NbiModule has firmware's stores.
 */
export const FIRMWARE_ROUTES = {
  listFirmwareImages: defineEndpoint({
    method: 'GET',
    path: '/firmware/images',
    operationId: 'listFirmwareImages',
    tag: 'firmware',
    summary: 'Firmware images, newest first',
    role: 'read-only',
    status: 200,
    query: PageQuery,
    response: FirmwareImagePageSchema,
    requires: 'firmware',
  }),
  createFirmwareImage: defineEndpoint({
    method: 'POST',
    path: '/firmware/images',
    operationId: 'createFirmwareImage',
    tag: 'firmware',
    summary: 'Describe a firmware image (version, FileType, rules); its bytes follow by PUT',
    role: 'operator',
    status: 201,
    body: ImageMetadataBody,
    response: FirmwareImageSchema,
    audit: { action: 'firmware-image.create', target: () => 'firmware-images' },
    requires: 'firmware',
  }),
  getFirmwareImage: defineEndpoint({
    method: 'GET',
    path: '/firmware/images/:imageId',
    operationId: 'getFirmwareImage',
    tag: 'firmware',
    summary: 'A firmware image: metadata, and size and SHA-256 once its bytes are stored',
    role: 'read-only',
    status: 200,
    params: ImageIdParams,
    response: FirmwareImageSchema,
    failures: [404],
    requires: 'firmware',
  }),
  uploadFirmwareImageContent: defineEndpoint({
    method: 'PUT',
    path: '/firmware/images/:imageId/content',
    operationId: 'uploadFirmwareImageContent',
    tag: 'firmware',
    summary: "Upload an image's bytes (application/octet-stream), once",
    description:
      'The body is streamed to the file store, its size and SHA-256 computed on the way; ' +
      'Content-Length, when given, is the size expected. A body that ends early, runs past its ' +
      'Content-Length or past the largest image allowed (413) stores nothing. An image that has ' +
      'its bytes already answers 409 image-content-exists.',
    role: 'operator',
    status: 200,
    params: ImageIdParams,
    rawBody: { contentType: 'application/octet-stream', description: 'The image file' },
    response: FirmwareImageSchema,
    failures: [404, 409, 413],
    audit: { action: 'firmware-image.upload', target: imageTarget },
    requires: 'firmware',
  }),
  deleteFirmwareImage: defineEndpoint({
    method: 'DELETE',
    path: '/firmware/images/:imageId',
    operationId: 'deleteFirmwareImage',
    tag: 'firmware',
    summary: 'Delete a firmware image and its bytes',
    role: 'operator',
    status: 204,
    params: ImageIdParams,
    failures: [404],
    audit: { action: 'firmware-image.delete', target: imageTarget },
    requires: 'firmware',
  }),
  deviceFirmwareChoice: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/firmware',
    operationId: 'deviceFirmwareChoice',
    tag: 'firmware',
    summary: 'Which firmware image the device should run',
    description:
      "From the catalogue's rules (OUI, ProductClass, HardwareVersion, the versions an image " +
      "applies over, never a downgrade unless the image allows it) and the device's DeviceInfo; " +
      "`targetVersion` is the version the device's group should run.",
    role: 'read-only',
    status: 200,
    params: DeviceFirmwareParams,
    query: DeviceFirmwareQuery,
    response: DeviceImageChoiceSchema,
    failures: [404],
    requires: 'firmware',
  }),
  firmwareImagesMatchingNoDevice: defineEndpoint({
    method: 'GET',
    path: '/firmware/reports/images-matching-no-device',
    operationId: 'firmwareImagesMatchingNoDevice',
    tag: 'firmware',
    summary: 'Images whose rules match no device of the fleet',
    description: "Reads every device's OUI, ProductClass and HardwareVersion: a fleet-wide report.",
    role: 'read-only',
    status: 200,
    response: UnmatchedImagesSchema,
    requires: 'firmware',
  }),
};
