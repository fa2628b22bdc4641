import { Type } from '@sinclair/typebox';

/**
 * The MongoDB settings every service with a device store reads (for `configFromEnv`).
 * MONGODB_WRITES_PER_COMMAND bounds the update statements of one write command: MongoDB takes
 * a thousand without trouble, FerretDB 1.24 on SQLite holds a backend connection per statement
 * until the command ends, out of a pool of 100 shared by every client, and waits forever once
 * the statements in flight need more (docs/architecture.md, "MongoDB on FerretDB").
 */
export function mongoSettingsEnv() {
  return {
    /** When set, the stores live in MongoDB (the database the URI names). */
    mongodbUri: Type.Optional(Type.String({ env: 'MONGODB_URI', minLength: 1 })),
    mongodbWritesPerCommand: Type.Integer({
      env: 'MONGODB_WRITES_PER_COMMAND',
      default: 1_000,
      minimum: 1,
      maximum: 100_000,
    }),
  };
}
