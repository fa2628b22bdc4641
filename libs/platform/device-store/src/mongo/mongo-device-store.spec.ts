import mongoose from 'mongoose';
import { describeDeviceStoreContract } from '../device-store.contract';
import { MongoDeviceStore } from './mongo-device-store';

const uri = process.env['MONGODB_URI'];

(uri ? describe : describe.skip)('mongo (needs MONGODB_URI)', () => {
  const databases: string[] = [];
  afterAll(async () => {
    if (!uri) return;
    const connection = await mongoose.createConnection(uri).asPromise();
    try {
      for (const name of databases) await connection.useDb(name).dropDatabase();
    } finally {
      await connection.close();
    }
  });

  describeDeviceStoreContract('mongo', async ({ eventsPerDevice }) => {
    const dbName = `device_store_contract_${process.pid}_${databases.length + 1}`;
    databases.push(dbName);
    return MongoDeviceStore.connect(uri as string, { dbName, eventsPerDevice });
  });
});
