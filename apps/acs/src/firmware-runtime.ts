import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { DeviceReads } from '@acs/device-store';
import type { InProcessEventBus } from '@acs/event-bus';
import { TOPICS } from '@acs/contracts';
import {
  DeviceStoreFacts,
  EmbeddedUploadRecords,
  type FirmwareStores,
} from '@acs/firmware-data-access';
import type { GrantSecrets } from '@acs/firmware-domain';
import {
  CampaignEngine,
  FirmwareEventPublisher,
  SignedDownloadLinks,
  startFileServer,
  transferTasksOver,
  type RunningFileServer,
} from '@acs/firmware';
import {
  RunBackupPolicies,
  type CampaignLog,
  type TransferLinks,
  type TransferTasks,
} from '@acs/firmware-use-cases';
import { CreateTask, type ConnectionRequestPort } from '@acs/provisioning-use-cases';
import type { TaskStore } from '@acs/provisioning-data-access';
import type { AcsConfig } from './acs-config';

const SECRET_FILE = 'firmware-grant.secret';

/**
 * The key download URLs are signed with: FIRMWARE_GRANT_SECRET, or one generated once and kept
 * in the data directory (readable by its owner only), so URLs handed to CPEs survive a restart.
 */
export function grantSecrets(config: AcsConfig): GrantSecrets {
  const previous = config.firmwareGrantSecretPrevious;
  if (config.firmwareGrantSecret)
    return { current: config.firmwareGrantSecret, ...(previous ? { previous } : {}) };
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, SECRET_FILE);
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return { current: readFileSync(file, 'utf8').trim(), ...(previous ? { previous } : {}) };
}

/** Campaign Downloads and rollback tasks, backups' Uploads, through provisioning's own use case. */
function transferTasks(
  devices: DeviceReads,
  tasks: TaskStore,
  wake: ConnectionRequestPort,
  log: CampaignLog,
): TransferTasks {
  const create = new CreateTask({ devices, tasks, connectionRequests: wake, log });
  // In one process nothing is lost between asking and answer: no idempotency key is needed.
  return transferTasksOver(async (deviceId, task) => {
    const { task: created } = await create.execute({ deviceId, task });
    return { taskId: created.id };
  });
}

export interface FirmwareRuntimeParts {
  config: AcsConfig;
  stores: FirmwareStores;
  bus: InProcessEventBus;
  devices: DeviceReads;
  tasks: TaskStore;
  wake: ConnectionRequestPort;
  log: CampaignLog;
}

/**
 * The firmware service inside the all-in-one app: the CPE file server (signed downloads, CPE
 * uploads under `<data>/firmware`) and the campaign engine, fed by the in-process acs.events.
 */
export class FirmwareRuntime {
  readonly registry = new Registry();
  private readonly uploads: EmbeddedUploadRecords;
  private stopped = false;
  private readonly engine: CampaignEngine;
  private readonly secrets: GrantSecrets;
  private server: RunningFileServer | undefined;
  private links: TransferLinks | undefined;
  private readonly tasks: TransferTasks;
  /** Signs with the file server's origin, known once it listens (its port may be picked then). */
  private readonly lazyLinks: TransferLinks = {
    urlFor: (...args) => this.linksOrFail().urlFor(...args),
    uploadFor: (...args) => this.linksOrFail().uploadFor(...args),
  };

  constructor(private readonly parts: FirmwareRuntimeParts) {
    const { config, stores, bus, devices, tasks, wake, log } = parts;
    this.secrets = grantSecrets(config);
    this.uploads = new EmbeddedUploadRecords(join(config.dataDir, 'firmware'));
    this.tasks = transferTasks(devices, tasks, wake, log);
    this.engine = new CampaignEngine(
      {
        campaigns: stores.campaigns,
        images: stores.images,
        devices: new DeviceStoreFacts(devices),
        tasks: this.tasks,
        links: this.lazyLinks,
        events: new FirmwareEventPublisher(bus),
        log,
        now: () => new Date(),
      },
      {
        tickMs: config.campaignTickMs,
        backups: new RunBackupPolicies({
          policies: stores.backupPolicies,
          uploads: this.uploads,
          files: stores.files,
          devices: new DeviceStoreFacts(devices),
          tasks: this.tasks,
          links: this.lazyLinks,
          log,
          now: () => new Date(),
        }),
      },
    );
  }

  /** What the operator API's backup routes need: the uploads, the tasks, the signed links. */
  get backups() {
    return { uploads: this.uploads, tasks: this.tasks, links: this.lazyLinks };
  }

  private linksOrFail(): TransferLinks {
    if (!this.links) throw new Error('the firmware file server has not started');
    return this.links;
  }

  /** Campaign progress (acs_firmware_*), served with the app's other metrics. */
  get campaignRegistry(): Registry {
    return this.engine.metrics.registry;
  }

  /** The file server's origin as CPEs reach it. */
  get origin(): string {
    const { config } = this.parts;
    if (config.firmwareFileUrl) return config.firmwareFileUrl.replace(/\/+$/, '');
    return this.server?.origin.replace('//0.0.0.0:', '//127.0.0.1:') ?? '';
  }

  async start(): Promise<void> {
    const { config, stores } = this.parts;
    this.server = await startFileServer({
      port: config.firmwareFilePort,
      host: config.firmwareFileHost,
      secrets: this.secrets,
      files: stores.files,
      uploads: { records: this.uploads, maxBytes: config.firmwareUploadMaxBytes },
      registry: this.registry,
    });
    this.links = new SignedDownloadLinks(this.origin, this.secrets);
    await this.engine.start();
    // A direct subscriber, not a queued consumer: the engine publishes its own events on
    // acs.events while handling one, and a queued consumer would wait for itself.
    let offset = 0;
    this.parts.bus.subscribe(TOPICS.events, (message) =>
      this.stopped
        ? undefined
        : this.engine.handleEvents([
            { ...message, partition: 0, offset: String(offset++), key: message.key },
          ]),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.engine.stop();
    await this.server?.close();
    await this.uploads.close();
  }
}
