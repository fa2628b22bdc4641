import type { Connection, Model, Schema } from 'mongoose';

/** The connection's model of that name, registered on first use (a second store reuses it). */
export function modelOn<T>(
  connection: Connection,
  name: string,
  schema: Schema<T>,
  collection: string,
): Model<T> {
  const existing = connection.models[name] as Model<T> | undefined;
  return existing ?? connection.model<T>(name, schema, collection);
}

/** MongoDB's duplicate-key error: an insert lost a race for a unique key. */
export function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
