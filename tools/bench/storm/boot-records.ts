/**
 * Reads from inventory's store which devices have this storm's boot recorded: the `devices`
 * collection's `lastBoot` (the gateway's time of the Inform) at or after the storm's start. Each
 * read is one query over the whole collection (a scan on FerretDB, ~1-2 s of its CPU at 100,000
 * devices), so the bench reads every few seconds only, and notes when it first saw each device.
 */
import mongoose, { type Connection } from 'mongoose';

export class BootRecords {
  /** Device id → when a read first found its boot. */
  readonly firstSeen = new Map<string, number>();

  private constructor(
    private readonly connection: Connection,
    private readonly since: string,
  ) {}

  static async open(mongodbUri: string, since: Date): Promise<BootRecords> {
    const connection = mongoose.createConnection(mongodbUri);
    await connection.asPromise();
    return new BootRecords(connection, since.toISOString());
  }

  /** One read; returns how many devices have the boot recorded so far. */
  async read(): Promise<number> {
    const found: string[] = [];
    const cursor = this.connection
      .collection<{ _id: string }>('devices')
      .find({ lastBoot: { $gte: this.since } }, { projection: { _id: 1 }, batchSize: 10_000 });
    for await (const device of cursor) found.push(device._id);
    // Found by the end of the read: recorded no later than that (an upper bound, never early).
    const now = Date.now();
    for (const deviceId of found)
      if (!this.firstSeen.has(deviceId)) this.firstSeen.set(deviceId, now);
    return this.firstSeen.size;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
