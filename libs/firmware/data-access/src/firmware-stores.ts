import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { StoreClock } from '@acs/persistence';
import type { BackupPolicyStore } from './backups/backup-policy-store';
import { EmbeddedBackupPolicyStore } from './backups/embedded-backup-policy-store';
import { MongoBackupPolicyStore } from './backups/mongo-backup-policy-store';
import type { CampaignStore } from './campaigns/campaign-store';
import { EmbeddedCampaignStore } from './campaigns/embedded-campaign-store';
import { MongoCampaignStore } from './campaigns/mongo-campaign-store';
import { DirectoryFileStore } from './file-store/directory-file-store';
import type { FileStore } from './file-store/file-store';
import { GridFsFileStore } from './file-store/gridfs-file-store';
import { EmbeddedImageStore } from './images/embedded-image-store';
import type { ImageStore } from './images/image-store';
import { MongoImageStore } from './images/mongo-image-store';

/** Firmware's durable stores, opened together on one backend: the catalogue and the bytes. */
export interface FirmwareStores {
  images: ImageStore;
  files: FileStore;
  campaigns: CampaignStore;
  backupPolicies: BackupPolicyStore;
  /** Releases what the opener opened (the SQLite file; a Mongo connection stays the caller's). */
  close(): Promise<void>;
}

/** The directory the all-in-one app keeps image and upload files in, under its data directory. */
export const FIRMWARE_FILES_DIRECTORY = 'firmware-files';

/** `<dataDir>/firmware.sqlite` and the files under `<dataDir>/firmware-files`. */
export function openEmbeddedFirmwareStores(
  dataDir: string,
  options: StoreClock = {},
): FirmwareStores {
  const images = EmbeddedImageStore.open(dataDir, options);
  const files = new DirectoryFileStore(join(dataDir, FIRMWARE_FILES_DIRECTORY));
  const campaigns = EmbeddedCampaignStore.open(dataDir, options);
  const backupPolicies = EmbeddedBackupPolicyStore.open(dataDir, options);
  return {
    images,
    files,
    campaigns,
    backupPolicies,
    async close() {
      await backupPolicies.close();
      await campaigns.close();
      await files.close();
      await images.close();
    },
  };
}

/** GridFS bucket `firmware` and the `firmware_images` collection, on the caller's connection. */
export async function openMongoFirmwareStores(
  connection: Connection,
  options: StoreClock = {},
): Promise<FirmwareStores> {
  const { db } = connection;
  if (!db) throw new Error('openMongoFirmwareStores: the connection is not open');
  const [images, files, campaigns] = await Promise.all([
    MongoImageStore.open(connection, options),
    GridFsFileStore.open(db, { bucket: 'firmware' }),
    MongoCampaignStore.open(connection, options),
  ]);
  return {
    images,
    files,
    campaigns,
    backupPolicies: MongoBackupPolicyStore.open(connection, options),
    // Nothing of its own to release: the connection belongs to the caller.
    close: () => Promise.resolve(),
  };
}
