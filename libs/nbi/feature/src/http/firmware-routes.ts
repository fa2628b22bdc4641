import {
  BackupPolicyBody,
  BackupPolicyListSchema,
  BackupPolicyParams,
  BackupPolicySchema,
  CampaignControlBody,
  CampaignDevicePageSchema,
  CampaignDevicesQuery,
  CampaignIdParams,
  CampaignPageSchema,
  CampaignSchema,
  CreateCampaignBody,
  CreatedCampaignSchema,
  DeviceBackupListSchema,
  DeviceBackupParams,
  ListCampaignsQuery,
  RequestBackupBody,
  RequestedBackupSchema,
  RestoreBackupBody,
  RestoreTaskSchema,
} from './campaign-schemas';
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
    expensive: true,
    requires: 'firmware',
  }),
};

const campaignTarget = (params: Record<string, string>) =>
  `firmware-campaign:${params['campaignId'] ?? ''}`;

/** Staged firmware rollouts: made, watched and steered here; the engine runs in the service. */
export const CAMPAIGN_ROUTES = {
  createFirmwareCampaign: defineEndpoint({
    method: 'POST',
    path: '/firmware/campaigns',
    operationId: 'createFirmwareCampaign',
    tag: 'firmware',
    summary: 'Start (or schedule) a staged firmware rollout',
    description:
      'Resolves the target through inventory and keeps the devices the image applies to; the ' +
      'others are reported by reason in `skipped`. Refused with 422 campaign-not-applicable when ' +
      'no target device can take the image, and 409 devices-in-other-campaign when a device is ' +
      'in a campaign that has not ended.',
    role: 'operator',
    status: 201,
    body: CreateCampaignBody,
    response: CreatedCampaignSchema,
    failures: [404, 409, 422],
    expensive: true,
    audit: { action: 'firmware-campaign.create', target: () => 'firmware-campaigns' },
    requires: 'firmware',
  }),
  listFirmwareCampaigns: defineEndpoint({
    method: 'GET',
    path: '/firmware/campaigns',
    operationId: 'listFirmwareCampaigns',
    tag: 'firmware',
    summary: 'Campaigns, newest first, with their device counts',
    role: 'read-only',
    status: 200,
    query: ListCampaignsQuery,
    response: CampaignPageSchema,
    requires: 'firmware',
  }),
  getFirmwareCampaign: defineEndpoint({
    method: 'GET',
    path: '/firmware/campaigns/:campaignId',
    operationId: 'getFirmwareCampaign',
    tag: 'firmware',
    summary: 'A campaign: its state, why it paused, and devices per state and wave',
    role: 'read-only',
    status: 200,
    params: CampaignIdParams,
    response: CampaignSchema,
    failures: [404],
    requires: 'firmware',
  }),
  controlFirmwareCampaign: defineEndpoint({
    method: 'POST',
    path: '/firmware/campaigns/:campaignId/actions',
    operationId: 'controlFirmwareCampaign',
    tag: 'firmware',
    summary:
      'Start, pause, resume or cancel a campaign; change its rate; exclude devices; roll back',
    description:
      'A rollback (paused campaigns only, 409 otherwise) takes the failed devices, or all the ' +
      "campaign's Download reached, back to the version they ran before it; the campaign stays " +
      'paused and each device shows its progress (rollback-pending, rollback-reading, ' +
      'rolling-back, rolled-back, rollback-failed). 422 nothing-to-roll-back when no device ' +
      'qualifies.',
    role: 'operator',
    status: 200,
    params: CampaignIdParams,
    body: CampaignControlBody,
    response: CampaignSchema,
    failures: [404, 409, 422],
    audit: { action: 'firmware-campaign.control', target: campaignTarget },
    requires: 'firmware',
  }),
  listFirmwareCampaignDevices: defineEndpoint({
    method: 'GET',
    path: '/firmware/campaigns/:campaignId/devices',
    operationId: 'listFirmwareCampaignDevices',
    tag: 'firmware',
    summary: "A campaign's devices with their progress, in device id order",
    role: 'read-only',
    status: 200,
    params: CampaignIdParams,
    query: CampaignDevicesQuery,
    response: CampaignDevicePageSchema,
    failures: [404],
    requires: 'firmware',
  }),
};

const backupTarget = (params: Record<string, string>) => `device:${params['deviceId'] ?? ''}`;

/** Configuration backups: taken with the Upload RPC, kept per device, put back with Download. */
export const BACKUP_ROUTES = {
  requestDeviceBackup: defineEndpoint({
    method: 'POST',
    path: '/devices/:deviceId/backups',
    operationId: 'requestDeviceBackup',
    tag: 'firmware',
    summary: 'Ask the device for its configuration (or log) file',
    description:
      'Queues an Upload task whose URL and credentials are good for this one upload, to the ' +
      'file server; the file is listed under `uploadId` once the device sent it whole.',
    role: 'operator',
    status: 201,
    params: DeviceFirmwareParams,
    body: RequestBackupBody,
    response: RequestedBackupSchema,
    failures: [404],
    audit: { action: 'device-backup.request', target: backupTarget },
    requires: 'firmware',
  }),
  listDeviceBackups: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/backups',
    operationId: 'listDeviceBackups',
    tag: 'firmware',
    summary: "The device's configuration backups and uploaded logs, newest first",
    role: 'read-only',
    status: 200,
    params: DeviceFirmwareParams,
    response: DeviceBackupListSchema,
    requires: 'firmware',
  }),
  fetchDeviceBackup: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/backups/:uploadId/content',
    operationId: 'fetchDeviceBackup',
    tag: 'firmware',
    summary: 'The file itself, as the device sent it',
    role: 'operator',
    status: 200,
    params: DeviceBackupParams,
    rawResponse: { contentType: 'application/octet-stream', description: 'The file' },
    failures: [404],
    requires: 'firmware',
  }),
  createBackupPolicy: defineEndpoint({
    method: 'POST',
    path: '/firmware/backup-policies',
    operationId: 'createBackupPolicy',
    tag: 'firmware',
    summary: 'Back devices up on a schedule, keeping the newest N files of each',
    description:
      'Runs at once, then every `intervalSeconds`: each target device is asked for the file at ' +
      'its next Inform, and its older files of the type beyond `keep` are deleted.',
    role: 'operator',
    status: 201,
    body: BackupPolicyBody,
    response: BackupPolicySchema,
    audit: { action: 'backup-policy.create', target: () => 'backup-policies' },
    requires: 'firmware',
  }),
  listBackupPolicies: defineEndpoint({
    method: 'GET',
    path: '/firmware/backup-policies',
    operationId: 'listBackupPolicies',
    tag: 'firmware',
    summary: 'The backup policies, with when each last ran',
    role: 'read-only',
    status: 200,
    response: BackupPolicyListSchema,
    requires: 'firmware',
  }),
  deleteBackupPolicy: defineEndpoint({
    method: 'DELETE',
    path: '/firmware/backup-policies/:policyId',
    operationId: 'deleteBackupPolicy',
    tag: 'firmware',
    summary: 'Stop a backup policy (the files it took stay)',
    role: 'operator',
    status: 204,
    params: BackupPolicyParams,
    failures: [404],
    audit: {
      action: 'backup-policy.delete',
      target: (params) => `backup-policy:${params['policyId'] ?? ''}`,
    },
    requires: 'firmware',
  }),
  restoreDeviceBackup: defineEndpoint({
    method: 'POST',
    path: '/devices/:deviceId/backups/:uploadId/restore',
    operationId: 'restoreDeviceBackup',
    tag: 'firmware',
    summary:
      'Put a configuration backup back on its device (Download, 3 Vendor Configuration File)',
    role: 'operator',
    status: 201,
    params: DeviceBackupParams,
    body: RestoreBackupBody,
    response: RestoreTaskSchema,
    failures: [404],
    audit: { action: 'device-backup.restore', target: backupTarget },
    requires: 'firmware',
  }),
};
