import { join } from 'node:path';
import mongoose from 'mongoose';
import { EmbeddedDeviceStore, MongoDeviceStore, type DeviceStore } from '@acs/device-store';
import {
  NBI_DATABASE_FILE,
  openEmbeddedNbiStores,
  openMongoNbiStores,
  type NbiStores,
} from '@acs/nbi-data-access';
import {
  openEmbeddedProvisioningStores,
  openMongoProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import type { ProvisioningServiceConfig } from './provisioning-config';

export interface ServiceStores {
  devices: DeviceStore;
  nbi: NbiStores;
  provisioning: ProvisioningStores;
  /** What the log line at start says was chosen. */
  kind: 'embedded' | 'mongodb';
  close(): Promise<void>;
}

/** MongoDB when MONGODB_URI is set, otherwise the embedded stores (SQLite files on this machine). */
export async function openServiceStores(config: ProvisioningServiceConfig): Promise<ServiceStores> {
  if (config.mongodbUri !== undefined) {
    const connection = await mongoose.createConnection(config.mongodbUri).asPromise();
    let devices: MongoDeviceStore | undefined;
    try {
      devices = await MongoDeviceStore.connect(config.mongodbUri, {
        writesPerCommand: config.mongodbWritesPerCommand,
      });
      const nbi = await openMongoNbiStores(connection);
      const provisioning = await openMongoProvisioningStores(connection);
      const opened = devices;
      return {
        devices: opened,
        nbi,
        provisioning,
        kind: 'mongodb',
        close: async () => {
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
  const devices = new EmbeddedDeviceStore({ directory: config.deviceDataDir });
  const nbi = openEmbeddedNbiStores(join(config.dataDir, 'nbi'));
  const provisioning = openEmbeddedProvisioningStores(join(config.dataDir, 'provisioning'), {
    formerTasksFile: join(config.dataDir, 'nbi', NBI_DATABASE_FILE),
  });
  return {
    devices,
    nbi,
    provisioning,
    kind: 'embedded',
    close: async () => {
      await provisioning.close();
      await nbi.close();
      await devices.close();
    },
  };
}
