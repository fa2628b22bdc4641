// The UploadRecords contract against each adapter: embedded (SQLite) always, MongoDB on the
// harness's FerretDB (or the server MONGODB_URI names).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import { EmbeddedUploadRecords } from './embedded-upload-records';
import { MongoUploadRecords } from './mongo-upload-records';
import { uploadRecordsContract } from './upload-records.contract';

let dataDir = '';
uploadRecordsContract('embedded (SQLite)', {
  async create() {
    dataDir = mkdtempSync(join(tmpdir(), 'upload-records-'));
    return new EmbeddedUploadRecords(dataDir);
  },
  async cleanup() {
    rmSync(dataDir, { recursive: true, force: true });
  },
});

describe('embedded upload records on disk', () => {
  it('are found again after a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upload-records-'));
    try {
      const first = new EmbeddedUploadRecords(dir);
      const record = {
        uploadId: 'u1',
        deviceId: 'DEV-1',
        fileType: '2 Vendor Log File',
        fileId: 'upload-u1',
        size: 5,
        sha256: 'cd'.repeat(32),
        receivedAt: new Date('2026-02-01T00:00:00.000Z'),
      };
      await first.add(record);
      await first.close();
      const second = new EmbeddedUploadRecords(dir);
      expect(await second.listForDevice('DEV-1')).toEqual([record]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Mongo upload records', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;
  uploadRecordsContract('mongo', {
    async create() {
      scratch = await mongo.scratchDatabase('firmware-uploads');
      return MongoUploadRecords.open(scratch.connection);
    },
    async cleanup() {
      await scratch?.drop();
    },
  });
});
