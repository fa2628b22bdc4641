import mongoose, { Connection } from 'mongoose';
import { randomBytes } from 'crypto';

/** MONGODB_URI when set: the Mongo adapters' contract suites run only then. */
export const MONGODB_URI = process.env['MONGODB_URI'];

/** `describe` when MongoDB is reachable, `describe.skip` (reported by name) otherwise. */
export const describeWithMongo = MONGODB_URI ? describe : describe.skip;

/** A connection to a database of its own, dropped by `drop()`. */
export async function connectScratchDatabase(): Promise<{
  connection: Connection;
  drop(): Promise<void>;
}> {
  if (!MONGODB_URI) throw new Error('MONGODB_URI is not set');
  const connection = await mongoose
    .createConnection(MONGODB_URI, {
      dbName: `provisioning-test-${randomBytes(6).toString('hex')}`,
    })
    .asPromise();
  return {
    connection,
    async drop() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
