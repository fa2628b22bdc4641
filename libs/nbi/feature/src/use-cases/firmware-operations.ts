import type { Provider } from '@nestjs/common';
import type { DeviceReads } from '@acs/device-store';
import {
  DeviceStoreFacts,
  type CampaignDevice,
  type BackupPolicy,
  type BackupPolicyStore,
  type CampaignStore,
  type FileStore,
  type UploadRecord,
  type UploadRecords,
  type FirmwareImage,
  type ImageStore,
} from '@acs/firmware-data-access';
import {
  ChooseImageForDevice,
  ControlCampaign,
  CreateCampaign,
  GetCampaign,
  ListCampaignDevices,
  ListCampaigns,
  CreateBackupPolicy,
  DeleteBackupPolicy,
  FetchBackup,
  ListBackupPolicies,
  ListBackups,
  RequestBackup,
  RestoreBackup,
  type CampaignLog,
  type CampaignProgress,
  type FirmwareEventSink,
  type TransferLinks,
  type TransferTasks,
  CreateImage,
  DeleteImage,
  FindImagesMatchingNoDevice,
  GetImage,
  ListImages,
  UploadImageContent,
  type DeviceImageChoice,
} from '@acs/firmware-use-cases';
import { DEVICE_STORE, FIRMWARE_OPTIONS } from '../tokens';

/** Firmware's stores the API reads and writes, and the largest image it takes. */
export interface NbiFirmwareOptions {
  images: ImageStore;
  files: FileStore;
  campaigns: CampaignStore;
  backupPolicies: BackupPolicyStore;
  /** Where campaign events go (acs.events): started, paused, resumed, ended. */
  events: FirmwareEventSink;
  log: CampaignLog;
  /**
   * Configuration backups, where this process can sign file-server URLs and queue tasks; absent:
   * the backup routes answer 503 backups-unavailable.
   */
  backups?: { uploads: UploadRecords; tasks: TransferTasks; links: TransferLinks };
  /** Bytes; a larger upload is refused (413) and nothing of it is stored. */
  maxImageBytes: number;
}

/**
 * Firmware's use cases the API runs (@acs/firmware-use-cases), built here from firmware's stores
 * and inventory's device reads.
 */
/** The backup use cases, or null where backups are not served (see NbiFirmwareOptions). */
export interface BackupOperations {
  createPolicy: CreateBackupPolicy;
  listPolicies: ListBackupPolicies;
  deletePolicy: DeleteBackupPolicy;
  request: RequestBackup;
  list: ListBackups;
  fetch: FetchBackup;
  restore: RestoreBackup;
}

export const BACKUP_OPERATIONS = Symbol('BACKUP_OPERATIONS');

export const FIRMWARE_OPERATIONS: Provider[] = [
  {
    provide: BACKUP_OPERATIONS,
    useFactory: (o: NbiFirmwareOptions, devices: DeviceReads): BackupOperations | null => {
      if (!o.backups) return null;
      const ports = {
        ...o.backups,
        files: o.files,
        devices: new DeviceStoreFacts(devices),
        now: () => new Date(),
      };
      const policies = { policies: o.backupPolicies };
      return {
        createPolicy: new CreateBackupPolicy(policies),
        listPolicies: new ListBackupPolicies(policies),
        deletePolicy: new DeleteBackupPolicy(policies),
        request: new RequestBackup(ports),
        list: new ListBackups(ports),
        fetch: new FetchBackup(ports),
        restore: new RestoreBackup(ports),
      };
    },
    inject: [FIRMWARE_OPTIONS, DEVICE_STORE],
  },
  {
    provide: CreateImage,
    useFactory: (o: NbiFirmwareOptions) => new CreateImage(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: ListImages,
    useFactory: (o: NbiFirmwareOptions) => new ListImages(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: GetImage,
    useFactory: (o: NbiFirmwareOptions) => new GetImage(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: DeleteImage,
    useFactory: (o: NbiFirmwareOptions) => new DeleteImage(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: UploadImageContent,
    useFactory: (o: NbiFirmwareOptions) =>
      new UploadImageContent({ images: o.images, files: o.files, maxBytes: o.maxImageBytes }),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: ChooseImageForDevice,
    useFactory: (o: NbiFirmwareOptions, devices: DeviceReads) =>
      new ChooseImageForDevice({ images: o.images, devices: new DeviceStoreFacts(devices) }),
    inject: [FIRMWARE_OPTIONS, DEVICE_STORE],
  },
  {
    provide: CreateCampaign,
    useFactory: (o: NbiFirmwareOptions, devices: DeviceReads) =>
      new CreateCampaign({ ...o, devices: new DeviceStoreFacts(devices), now: () => new Date() }),
    inject: [FIRMWARE_OPTIONS, DEVICE_STORE],
  },
  {
    provide: ControlCampaign,
    useFactory: (o: NbiFirmwareOptions) => new ControlCampaign({ ...o, now: () => new Date() }),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: GetCampaign,
    useFactory: (o: NbiFirmwareOptions) => new GetCampaign(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: ListCampaigns,
    useFactory: (o: NbiFirmwareOptions) => new ListCampaigns(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: ListCampaignDevices,
    useFactory: (o: NbiFirmwareOptions) => new ListCampaignDevices(o),
    inject: [FIRMWARE_OPTIONS],
  },
  {
    provide: FindImagesMatchingNoDevice,
    useFactory: (o: NbiFirmwareOptions, devices: DeviceReads) =>
      new FindImagesMatchingNoDevice({ images: o.images, devices: new DeviceStoreFacts(devices) }),
    inject: [FIRMWARE_OPTIONS, DEVICE_STORE],
  },
];

/** An image as the API answers it (FirmwareImageSchema): times as ISO text, the file id kept in. */
export function imageView(image: FirmwareImage) {
  const { content, createdAt, ...metadata } = image;
  return {
    ...metadata,
    createdAt: createdAt.toISOString(),
    ...(content
      ? {
          content: {
            size: content.size,
            sha256: content.sha256,
            storedAt: content.storedAt.toISOString(),
          },
        }
      : {}),
  };
}

/** DeviceImageChoiceSchema: the outcome flat beside the device. */
export function choiceView({ device, choice }: DeviceImageChoice) {
  return choice.outcome === 'none'
    ? { device, outcome: choice.outcome, reason: choice.reason }
    : { device, outcome: choice.outcome, image: imageView(choice.image) };
}

/** A campaign as the API answers it (FirmwareCampaignSchema): times as ISO text, with counts. */
export function campaignView({ campaign, devices, waves }: CampaignProgress) {
  const { createdAt, startedAt, endedAt, soakUntil, startAt, rulesSince, revision, ...rest } =
    campaign;
  void rulesSince; // internal: when the stop rules were last reset
  void revision;
  const text = (field: string, date: Date | undefined) =>
    date === undefined ? {} : { [field]: date.toISOString() };
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    ...text('startedAt', startedAt),
    ...text('endedAt', endedAt),
    ...text('soakUntil', soakUntil),
    ...text('startAt', startAt),
    devices,
    waves,
  };
}

/** A campaign's device as the API answers it: its progress, without the campaign id. */
export function campaignDeviceView(device: CampaignDevice) {
  const { campaignId, ...view } = device;
  void campaignId;
  return view;
}

/** A backup as the API lists it: the file store id stays inside. */
export function backupView(record: UploadRecord) {
  return {
    uploadId: record.uploadId,
    fileType: record.fileType,
    size: record.size,
    sha256: record.sha256,
    receivedAt: record.receivedAt.toISOString(),
  };
}

/** A backup policy as the API answers it: times as ISO text. */
export function backupPolicyView(policy: BackupPolicy) {
  const { createdAt, lastRunAt, ...spec } = policy;
  return {
    ...spec,
    createdAt: createdAt.toISOString(),
    ...(lastRunAt ? { lastRunAt: lastRunAt.toISOString() } : {}),
  };
}
