import type { FirmwareEvent, NewTask } from '@acs/contracts';
import type { CampaignStore, DeviceFactsSource, ImageStore } from '@acs/firmware-data-access';

export interface DownloadTaskRequest {
  readonly deviceId: string;
  readonly fileType: string;
  readonly url: string;
  readonly fileSize: number;
  readonly commandKey: string;
  /** Active campaigns wake the device; passive ones wait for its next Inform. */
  readonly connectionRequest: boolean;
  readonly expiresInSeconds: number;
}

/** Provisioning's task engine, as the campaign engine hands it Downloads and other tasks. */
export interface DownloadTasks {
  /** Queues a Download task that provisioning tries once (the campaign retries itself). */
  queue(request: DownloadTaskRequest): Promise<{ taskId: string }>;
  /** Queues any task as given (a rollback's read of the banks, its set, its reboot). */
  queueTask(request: { deviceId: string; task: NewTask }): Promise<{ taskId: string }>;
}

/** Signed download URLs of the file server, bound to a device and an expiry. */
export interface DownloadLinks {
  urlFor(fileId: string, deviceId: string, expiresAt: Date): string;
}

/** Where firmware's events go (acs.events), each keyed by its campaign or device. */
export interface FirmwareEventSink {
  publish(event: FirmwareEvent): Promise<void>;
}

export interface CampaignLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface CampaignPorts {
  readonly campaigns: CampaignStore;
  readonly images: ImageStore;
  readonly devices: DeviceFactsSource;
  readonly tasks: DownloadTasks;
  readonly links: DownloadLinks;
  readonly events: FirmwareEventSink;
  readonly log: CampaignLog;
  readonly now: () => Date;
}
