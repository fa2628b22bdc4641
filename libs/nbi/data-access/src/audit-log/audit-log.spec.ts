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
let opened: NbiDatabase[] = [];
const open = () => {
  const db = openNbiDatabase(dataDir);
  opened.push(db);
  return db;
};

auditLogContract('embedded (SQLite)', {
  async create(clock) {
    dataDir = mkdtempSync(join(tmpdir(), 'nbi-audit-'));
    return new EmbeddedAuditLog(open(), { now: clock.now });
  },
  // Another connection to the same file, as another process would have.
  async another(clock) {
    return new EmbeddedAuditLog(open(), { now: clock.now });
  },
  async editTarget(seq, target) {
    open().prepare('UPDATE nbi_audit_chain SET target = ? WHERE seq = ?').run(target, seq);
  },
  async remove(seq) {
    open().prepare('DELETE FROM nbi_audit_chain WHERE seq = ?').run(seq);
  },
  async cleanup() {
    for (const db of opened) db.close();
    opened = [];
    rmSync(dataDir, { recursive: true, force: true });
  },
});

describe('MongoAuditLog', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase | undefined;
  const entries = () => {
    if (!scratch) throw new Error('no scratch database');
    return scratch.connection.collection<{ _id: number }>('nbi_audit_chain');
  };

  auditLogContract('mongo', {
    async create(clock) {
      scratch = await mongo.scratchDatabase('nbi');
      return MongoAuditLog.open(scratch.connection, { now: clock.now });
    },
    async another(clock) {
      if (!scratch) throw new Error('no scratch database');
      return MongoAuditLog.open(scratch.connection, { now: clock.now });
    },
    async editTarget(seq, target) {
      await entries().updateOne({ _id: seq }, { $set: { target } });
    },
    async remove(seq) {
      await entries().deleteOne({ _id: seq });
    },
    async cleanup() {
      await scratch?.drop();
    },
  });
});
