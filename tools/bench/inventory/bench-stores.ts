/**
 * The device stores bench:inventory measures: the embedded store in a directory, and the
 * MongoDB store on the server MONGODB_URI names or, without it, a FerretDB of the bench's own
 * (the test harness's: built from the Go module proxy, on loopback, gone when the bench ends).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { EmbeddedDeviceStore, MongoDeviceStore, type DeviceStore } from '@acs/device-store';
import { explicitMongoServer, FERRETDB_WRITES_PER_COMMAND, startFerretDb } from '@acs/testing';
import { CommandTimes } from './command-times';

export interface BenchStore {
  /** `embedded store` or the MongoDB server's description. */
  readonly description: string;
  readonly store: DeviceStore;
  /** Where a fleet is kept between runs, when it is (BENCH_DIR, BENCH_MONGO_DB). */
  readonly kept: string | undefined;
  /** Time per server command, for the Mongo store. */
  readonly commands?: CommandTimes;
  /** Bytes the store's data takes on disk (after close, for the embedded store). */
  diskBytes(): Promise<number>;
  /** Closes the store (and a server of its own); a store not kept is removed. */
  close(): Promise<void>;
}

export function openEmbedded(keepDir: string | undefined): BenchStore {
  const directory = keepDir ?? mkdtempSync(join(tmpdir(), 'inventory-bench-'));
  const store = new EmbeddedDeviceStore({ directory });
  let closed = false;
  return {
    description: 'embedded store',
    store,
    kept: keepDir,
    async diskBytes() {
      if (!closed) await store.close();
      closed = true;
      return readdirSync(directory)
        .filter((name) => name.startsWith('devices.sqlite'))
        .reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
    },
    async close() {
      if (!closed) await store.close();
      closed = true;
      if (!keepDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function openMongo(keepDatabase: string | undefined): Promise<BenchStore> {
  const explicit = explicitMongoServer();
  const own = explicit ? undefined : await startFerretDb();
  const server = explicit ?? own?.info;
  if (!server) throw new Error('no MongoDB server');
  const dbName = keepDatabase ?? `inventory-bench-${randomBytes(4).toString('hex')}`;
  let connection: Connection | undefined;
  try {
    // Monitored, to say which collections and commands the time goes to.
    connection = await mongoose
      .createConnection(server.uri, { dbName, monitorCommands: true })
      .asPromise();
    // FerretDB stalls on commands of 100 updates; MongoDB takes the store's default.
    const store = await MongoDeviceStore.open(
      connection,
      own ? { writesPerCommand: FERRETDB_WRITES_PER_COMMAND } : {},
    );
    const commands = new CommandTimes(connection);
    const opened = connection;
    return {
      description: server.description,
      store,
      kept: keepDatabase,
      commands,
      async diskBytes() {
        const stats = await opened.db?.stats();
        return Number(stats?.['storageSize'] ?? 0) + Number(stats?.['indexSize'] ?? 0);
      },
      async close() {
        commands.stop();
        if (!keepDatabase) await opened.dropDatabase();
        await opened.close();
        await own?.stop();
      },
    };
  } catch (error) {
    await connection?.close().catch(() => undefined);
    await own?.stop();
    throw error;
  }
}
