import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import {
  MongoAuditLog,
  openEmbeddedNbiStores,
  openNbiDatabase,
  type AuditEntry,
  type AuditLog,
  type NewAuditEntry,
} from '@acs/nbi-data-access';
import { useMongoServer } from '@acs/testing';
import { verifyAuditStore } from './audit-verify';

const REPO = join(import.meta.dirname, '..', '..');

const write = (n: number): NewAuditEntry => ({
  phase: 'outcome',
  who: { keyId: 'k1', keyName: 'ops' },
  action: 'tag.add',
  target: `device:dev-${n}`,
  request: { params: { deviceId: `dev-${n}`, tag: 'x' } },
  status: 204,
});

async function appendFour(log: AuditLog): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= 4; n++) entries.push(await log.append(write(n)));
  return entries;
}

/** The same three checks on each store: intact, one entry edited, one removed. */
interface StoreUnderTest {
  env(): Record<string, string>;
  fill(): Promise<AuditEntry[]>;
  editTarget(seq: number): Promise<void>;
  remove(seq: number): Promise<void>;
}

function verifyChecks(store: StoreUnderTest): void {
  it('prints ok and the number of entries for an intact chain', async () => {
    const entries = await store.fill();
    const report = await verifyAuditStore(store.env());
    expect(report.code).toBe(0);
    expect(report.lines[0]).toBe('audit_chain ok 4 entries');
    expect(report.lines[1]).toBe(`audit_chain head seq 4 hash ${entries[3]?.hash}`);
  });

  it('names an entry edited in the store as the first break', async () => {
    const entries = await store.fill();
    await store.editTarget(2);
    const report = await verifyAuditStore(store.env());
    expect(report.code).toBe(1);
    expect(report.lines[0]).toMatch(
      new RegExp(`^audit_chain broken at entry ${entries[1]?.id} seq 2: hash: stored `),
    );
    expect(report.lines[1]).toBe('audit_chain 1 entries hold before it');
  });

  it('reports an entry removed from the store at the entry after it', async () => {
    const entries = await store.fill();
    await store.remove(3);
    const report = await verifyAuditStore(store.env());
    expect(report.code).toBe(1);
    expect(report.lines[0]).toContain(
      `broken at entry ${entries[3]?.id} seq 4: seq: 4 follows 2 (entries 3..3 are missing)`,
    );
  });
}

describe('audit:verify on the embedded store (ACS_DATA_DIR)', () => {
  let dataDir = '';
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const sql = (statement: string, seq: number) => {
    const db = openNbiDatabase(join(dataDir, 'nbi'));
    db.prepare(statement).run(seq);
    db.close();
  };

  verifyChecks({
    env: () => ({ ACS_DATA_DIR: dataDir }),
    fill: async () => {
      const stores = openEmbeddedNbiStores(join(dataDir, 'nbi'));
      const entries = await appendFour(stores.auditLog);
      await stores.close();
      return entries;
    },
    editTarget: async (seq) =>
      sql("UPDATE nbi_audit_chain SET target = 'device:other' WHERE seq = ?", seq),
    remove: async (seq) => sql('DELETE FROM nbi_audit_chain WHERE seq = ?', seq),
  });

  it('says there is nothing to check where there is no audit log', async () => {
    const report = await verifyAuditStore({ ACS_DATA_DIR: dataDir });
    expect(report).toEqual({
      code: 2,
      lines: [`audit_chain no audit log at ${join(dataDir, 'nbi', 'nbi.sqlite')}`],
    });
  });

  it('runs as npm run audit:verify does, exit code 1 on a break', async () => {
    const stores = openEmbeddedNbiStores(join(dataDir, 'nbi'));
    await appendFour(stores.auditLog);
    await stores.close();
    sql("UPDATE nbi_audit_chain SET target = 'device:other' WHERE seq = ?", 3);
    const run = promisify(execFile)(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', 'tools/audit/verify.ts'],
      { cwd: REPO, env: { ...process.env, ACS_DATA_DIR: dataDir, MONGODB_URI: '' } },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/^audit_chain broken at entry \S+ seq 3: hash: stored /),
    });
  }, 60_000);
});

describe('audit:verify on MongoDB (MONGODB_URI)', () => {
  const mongo = useMongoServer();
  let uri = '';
  let connection: mongoose.Connection;
  beforeEach(async () => {
    uri = `${mongo.uri}${mongo.databaseName('audit-verify')}`;
    connection = await mongoose.createConnection(uri).asPromise();
  });
  afterEach(async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  const entries = () => connection.collection<{ _id: number }>('nbi_audit_chain');

  verifyChecks({
    env: () => ({ MONGODB_URI: uri }),
    fill: async () => appendFour(await MongoAuditLog.open(connection)),
    editTarget: async (seq) => {
      await entries().updateOne({ _id: seq }, { $set: { target: 'device:other' } });
    },
    remove: async (seq) => {
      await entries().deleteOne({ _id: seq });
    },
  });
});
