import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startFerretDb, type FerretDbServer } from './ferretdb-server';

// The first start may build FerretDB (about 100 s, more on a loaded machine).
const START_TIMEOUT_MS = 600_000;

describe('FerretDB as the harness starts it', () => {
  let server: FerretDbServer | undefined;
  const leaked = process.env['FERRETDB_LISTEN_UNIX'];
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    if (leaked === undefined) delete process.env['FERRETDB_LISTEN_UNIX'];
    else process.env['FERRETDB_LISTEN_UNIX'] = leaked;
  });

  it(
    'speaks the MongoDB protocol on loopback only, telemetry off, whatever FERRETDB_* variables say',
    async () => {
      // FerretDB reads its flags from FERRETDB_* too: the caller's must not add a listener.
      const scratch = await mkdtemp(join(tmpdir(), 'ferretdb-env-'));
      const socket = join(scratch, 'ferretdb.sock');
      process.env['FERRETDB_LISTEN_UNIX'] = socket;
      try {
        server = await startFerretDb();
        expect(existsSync(socket)).toBe(false);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
      expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      const connection = await mongoose
        .createConnection(server.uri, { dbName: 'probe' })
        .asPromise();
      try {
        const info = await connection.db?.admin().command({ buildInfo: 1 });
        expect(info?.['ferretdbVersion']).toBe('v1.24.2');
        const collection = connection.collection<{ _id: string; n: number }>('c');
        await collection.insertOne({ _id: 'a', n: 1 });
        expect(await collection.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 1 });
      } finally {
        await connection.close();
      }
      const state = JSON.parse(await readFile(join(server.dir, 'state.json'), 'utf8')) as {
        telemetry?: boolean;
      };
      expect(state.telemetry).toBe(false);
    },
    START_TIMEOUT_MS,
  );

  it(
    'runs two servers side by side, each on its own port and files',
    async () => {
      server = await startFerretDb();
      const second = await startFerretDb();
      try {
        expect(second.port).not.toBe(server.port);
        expect(second.dir).not.toBe(server.dir);
      } finally {
        await second.stop();
      }
    },
    START_TIMEOUT_MS,
  );
});
