import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';

/** MONGODB_URI when set: the Mongo adapters' contract suites run only then. */
export const MONGODB_URI = process.env['MONGODB_URI'];

/** `describe` when MongoDB is reachable, `describe.skip` (reported by name) otherwise. */
export function describeWithMongo(name: string, suite: () => void): void {
  (MONGODB_URI ? describe : describe.skip)(name, suite);
}

/**
 * A connection to a database of its own (`<prefix>-test-<random>`), dropped by `drop()`.
 * mongoose is loaded only here, so that the harness costs nothing to suites without MongoDB.
 */
export async function connectScratchDatabase(prefix: string): Promise<{
  connection: Connection;
  drop(): Promise<void>;
}> {
  if (!MONGODB_URI) throw new Error('MONGODB_URI is not set');
  const { default: mongoose } = await import('mongoose');
  const connection = await mongoose
    .createConnection(MONGODB_URI, { dbName: `${prefix}-test-${randomBytes(6).toString('hex')}` })
    .asPromise();
  return {
    connection,
    async drop() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
