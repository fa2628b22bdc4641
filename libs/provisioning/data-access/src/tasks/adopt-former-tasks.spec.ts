import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Database from 'better-sqlite3';
import { openEmbeddedProvisioningStores } from '../provisioning-stores';

// A data directory written before tasks moved from nbi.sqlite to provisioning.sqlite.
const ROW = {
  id: '0000001-former',
  device_id: 'dev-1',
  type: 'reboot',
  payload: '{}',
  status: 'pending',
  attempts: 0,
  created_at: '2026-11-01T00:00:00.000Z',
  updated_at: '2026-11-01T00:00:00.000Z',
  expires_at: '2026-12-01T00:00:00.000Z',
  connection_request: 1,
  result: null,
  fault: null,
};

function writeFormerFile(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE nbi_tasks (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, type TEXT NOT NULL,
    payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, expires_at TEXT NOT NULL, connection_request INTEGER NOT NULL,
    result TEXT, fault TEXT) WITHOUT ROWID;
    CREATE TABLE nbi_api_keys (id TEXT PRIMARY KEY);`);
  db.prepare(
    `INSERT INTO nbi_tasks VALUES (@id, @device_id, @type, @payload, @status, @attempts,
      @created_at, @updated_at, @expires_at, @connection_request, @result, @fault)`,
  ).run(ROW);
  db.close();
}

describe('tasks written to nbi.sqlite before they moved to provisioning.sqlite', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'former-tasks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are found in provisioning’s task store after the upgrade, and only there', async () => {
    const formerTasksFile = join(dir, 'nbi.sqlite');
    writeFormerFile(formerTasksFile);
    const stores = openEmbeddedProvisioningStores(join(dir, 'provisioning'), { formerTasksFile });
    try {
      expect(await stores.tasks.get(ROW.id)).toMatchObject({
        id: ROW.id,
        deviceId: 'dev-1',
        type: 'reboot',
        status: 'pending',
        connectionRequest: true,
      });
    } finally {
      await stores.close();
    }
    const former = new Database(formerTasksFile, { readonly: true });
    const tables = former.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
    former.close();
    // The NBI's own tables stay where they are.
    expect(tables).toEqual([{ name: 'nbi_api_keys' }]);

    // A second start finds nothing more to move and keeps what it has.
    const again = openEmbeddedProvisioningStores(join(dir, 'provisioning'), { formerTasksFile });
    try {
      expect((await again.tasks.list({ limit: 10 })).total).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('opens as before when there is no former file', async () => {
    const formerTasksFile = join(dir, 'nbi', 'nbi.sqlite');
    const stores = openEmbeddedProvisioningStores(join(dir, 'provisioning'), { formerTasksFile });
    await stores.close();
    expect(existsSync(formerTasksFile)).toBe(false);
  });
});
