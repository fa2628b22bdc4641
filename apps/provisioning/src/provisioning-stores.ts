import mongoose from 'mongoose';
import { MongoDeviceStore, type DeviceStore } from '@acs/device-store';
import {
  MongoUploadRecords,
  openMongoFirmwareStores,
  type FirmwareStores,
  type UploadRecords,
} from '@acs/firmware-data-access';
import { openMongoNbiStores, type NbiStores } from '@acs/nbi-data-access';
import {
  openMongoProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import type { ProvisioningServiceConfig } from './provisioning-config';

export interface ServiceStores {
  devices: DeviceStore;
  nbi: NbiStores;
  provisioning: ProvisioningStores;
  /** The image library the operator API fronts: GridFS bucket `firmware` and its catalogue. */
  firmware: FirmwareStores;
  /** The uploads CPEs sent the firmware service (configuration backups the API lists and restores). */
  uploads: UploadRecords;
  /** What the log line at start says. */
  kind: 'mongodb';
  /** Readiness: resolves once MongoDB answers a ping. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Every store of the service in the database MONGODB_URI names: its own (tasks, presets, API keys,
 * ...), inventory's devices, which it reads (inventory alone writes them), and firmware's image
 * library, which its operator API serves.
 */
export async function openServiceStores(config: ProvisioningServiceConfig): Promise<ServiceStores> {
  const connection = await mongoose.createConnection(config.mongodbUri).asPromise();
  let devices: MongoDeviceStore | undefined;
  try {
    devices = await MongoDeviceStore.connect(config.mongodbUri, {
      writesPerCommand: config.mongodbWritesPerCommand,
    });
    const nbi = await openMongoNbiStores(connection);
    const provisioning = await openMongoProvisioningStores(connection);
    const firmware = await openMongoFirmwareStores(connection);
    const opened = devices;
    return {
      devices: opened,
      nbi,
      provisioning,
      firmware,
      uploads: MongoUploadRecords.open(connection),
      kind: 'mongodb',
      ping: async () => {
        if (!connection.db) throw new Error('MongoDB: not connected');
        await connection.db.admin().ping();
      },
      close: async () => {
        await firmware.close();
        await provisioning.close();
        await nbi.close();
        await opened.close();
        await connection.close();
      },
    };
  } catch (error) {
    // Index creation can fail (a server without a feature, a lost connection): close what opened.
    await devices?.close().catch(() => undefined);
    await connection.close().catch(() => undefined);
    throw error;
  }
}
