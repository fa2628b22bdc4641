// One contract suite, run against every adapter: embedded always, MongoDB on the harness's FerretDB
// (or the server MONGODB_URI names).
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NbiDatabase, openNbiDatabase } from '../embedded/nbi-database';
import { apiKeyStoreContract } from './api-key-store.contract';
import { EmbeddedApiKeyStore } from './embedded-api-key-store';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import { MongoApiKeyStore } from './mongo-api-key-store';

let dataDir = '';
let db: NbiDatabase | undefined;

apiKeyStoreContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'nbi-keys-'));
    db = openNbiDatabase(dataDir);
    return new EmbeddedApiKeyStore(db, { now: clock.now });
  },
  async cleanup() {
    db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  async dumpStorage() {
    return JSON.stringify(db?.prepare('SELECT * FROM nbi_api_keys').all());
  },
});

describe('MongoApiKeyStore', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;

  apiKeyStoreContract('mongo', {
    async create(clock) {
      scratch = await mongo.scratchDatabase('nbi');
      return MongoApiKeyStore.open(scratch.connection, { now: clock.now });
    },
    async cleanup() {
      await scratch?.drop();
    },
    async dumpStorage() {
      const documents = await scratch?.connection.collection('nbi_api_keys').find({}).toArray();
      return JSON.stringify(documents);
    },
  });
});
