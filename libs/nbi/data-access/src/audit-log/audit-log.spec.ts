// One contract suite, run against every adapter: embedded always, MongoDB on the harness's FerretDB
// (or the server MONGODB_URI names).
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NbiDatabase, openNbiDatabase } from '../embedded/nbi-database';
import { auditLogContract } from './audit-log.contract';
import { EmbeddedAuditLog } from './embedded-audit-log';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import { MongoAuditLog } from './mongo-audit-log';

let dataDir = '';
let db: NbiDatabase | undefined;

auditLogContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'nbi-audit-'));
    db = openNbiDatabase(dataDir);
    return new EmbeddedAuditLog(db, { now: clock.now });
  },
  async cleanup() {
    db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

describe('MongoAuditLog', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;

  auditLogContract('mongo', {
    async create(clock) {
      scratch = await mongo.scratchDatabase('nbi');
      return MongoAuditLog.open(scratch.connection, { now: clock.now });
    },
    async cleanup() {
      await scratch?.drop();
    },
  });
});
