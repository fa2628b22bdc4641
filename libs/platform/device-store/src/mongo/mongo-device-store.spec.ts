import { FERRETDB_WRITES_PER_COMMAND, useMongoServer } from '@acs/testing';
import { describeDeviceStoreContract } from '../device-store.contract';
import { MongoDeviceStore } from './mongo-device-store';

// Against the harness's FerretDB, or the MongoDB that MONGODB_URI names. Small commands, as
// FerretDB needs them (and so that the contract crosses command boundaries).
describe('mongo device store', () => {
  const mongo = useMongoServer();

  describeDeviceStoreContract('mongo', ({ eventsPerDevice }) =>
    MongoDeviceStore.connect(mongo.uri, {
      dbName: mongo.databaseName('devices'),
      eventsPerDevice,
      writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
    }),
  );
});
