import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { explicitMongoServer, type MongoServerInfo } from './mongo/explicit-server';
import { startFerretDb, type FerretDbServer } from './mongo/ferretdb-server';
import { sharedService } from './shared-services/client';

/** The first suite outside the global setup may build FerretDB (about 100 s, more when loaded). */
const HOOK_TIMEOUT_MS = 600_000;

export interface ScratchDatabase {
  connection: Connection;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** A suite's view of a MongoDB-protocol server: databases of its own on it. */
export interface MongoServerFixture {
  /** mongodb:// URI of the server (no database: pass dbName). */
  readonly uri: string;
  /** One line naming the server, as a benchmark prints it. */
  readonly description: string;
  /**
   * A database name of this suite's own (`<prefix>-test-<random>`), for a store that opens its own
   * connection; dropped after the suite.
   */
  databaseName(prefix: string): string;
  /** A connection to a database of its own (see databaseName), dropped by `drop()`. */
  scratchDatabase(prefix: string): Promise<ScratchDatabase>;
}

/**
 * The server the Mongo suites run against, for the enclosing describe block: MONGODB_URI when
 * set; else the run's shared FerretDB (started once by Jest's global setup); else, outside the
 * global setup (a single project's jest), a FerretDB of the suite's own. No suite is skipped.
 * Databases handed out are dropped after the suite, so a shared server does not fill up.
 */
export function useMongoServer(): MongoServerFixture {
  let info: MongoServerInfo | undefined;
  let own: FerretDbServer | undefined;
  const named: string[] = [];
  const current = (): MongoServerInfo => {
    if (!info) throw new Error('useMongoServer: only between beforeAll and afterAll');
    return info;
  };

  beforeAll(async () => {
    info = explicitMongoServer() ?? (await sharedService('mongo'));
    if (!info) {
      own = await startFerretDb();
      info = own.info;
    }
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    const server = info;
    info = undefined;
    try {
      if (server && !own && named.length > 0) await dropDatabases(server.uri, named);
    } finally {
      await own?.stop();
      own = undefined;
    }
  }, HOOK_TIMEOUT_MS);

  const databaseName = (prefix: string): string => {
    const name = `${prefix}-test-${randomBytes(6).toString('hex')}`;
    named.push(name);
    return name;
  };
  return {
    get uri() {
      return current().uri;
    },
    get description() {
      return current().description;
    },
    databaseName,
    async scratchDatabase(prefix) {
      // mongoose is loaded only here, so that the harness costs nothing to suites without MongoDB.
      const { default: mongoose } = await import('mongoose');
      const connection = await mongoose
        .createConnection(current().uri, { dbName: databaseName(prefix) })
        .asPromise();
      return {
        connection,
        async drop() {
          await connection.dropDatabase();
          await connection.close();
        },
      };
    },
  };
}

/** Drops what a suite left (dropping a database that is gone already is a no-op). */
async function dropDatabases(uri: string, names: readonly string[]): Promise<void> {
  const { default: mongoose } = await import('mongoose');
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    for (const name of names) await connection.useDb(name).dropDatabase();
  } finally {
    await connection.close();
  }
}

/**
 * A database of its own on the run's MongoDB-protocol server (outside the global setup, on a
 * FerretDB of the caller's own), as a `MONGODB_URI` for service processes: for stacks whose
 * teardown must end before the database goes (Jest runs afterAll hooks in declaration order)
 * and for benchmarks. `drop()` removes the database, and stops the server if it was the caller's.
 */
export async function scratchMongoDatabase(
  prefix: string,
): Promise<{ uri: string; description: string; drop(): Promise<void> }> {
  const name = `${prefix}-test-${randomBytes(6).toString('hex')}`;
  const shared = explicitMongoServer() ?? (await sharedService('mongo'));
  if (shared) {
    return {
      uri: `${shared.uri}${name}`,
      description: shared.description,
      drop: () => dropDatabases(shared.uri, [name]),
    };
  }
  const own = await startFerretDb();
  return { uri: `${own.uri}${name}`, description: own.info.description, drop: () => own.stop() };
}
