import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey, modelOn } from '@acs/persistence';
import type { StoreClock } from '@acs/persistence';
import { ClaimOutcome, CommandLog, CommandRecord, CompleteOutcome } from './command-log';

/** Summary and result as JSON text: they are the caller's, and come back exactly as given. */
interface CommandDocument {
  _id: string;
  command: string;
  status: CommandRecord['status'];
  claimedAt: string;
  completedAt?: string;
  result?: string;
}

const commandSchema = new Schema<CommandDocument>(
  {
    _id: { type: String, required: true },
    command: { type: String, required: true },
    status: { type: String, required: true },
    claimedAt: { type: String, required: true },
    completedAt: { type: String },
    result: { type: String },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);
commandSchema.index({ claimedAt: 1 });

function recordOf(document: CommandDocument): CommandRecord {
  return {
    commandId: document._id,
    command: JSON.parse(document.command) as Record<string, unknown>,
    status: document.status,
    claimedAt: document.claimedAt,
    ...(document.completedAt === undefined ? {} : { completedAt: document.completedAt }),
    ...(document.result === undefined
      ? {}
      : { result: JSON.parse(document.result) as Record<string, unknown> }),
  };
}

/** CommandLog on MongoDB through mongoose; `_id` is the command id, so a claim is an insert. */
export class MongoCommandLog implements CommandLog {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<CommandDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoCommandLog> {
    const model = modelOn(
      connection,
      'ProvisioningCommand',
      commandSchema,
      'provisioning_commands',
    );
    await model.createIndexes();
    return new MongoCommandLog(model, options);
  }

  async claim(commandId: string, command: Record<string, unknown>): Promise<ClaimOutcome> {
    const record: CommandRecord = {
      commandId,
      command,
      status: 'claimed',
      claimedAt: this.now().toISOString(),
    };
    try {
      await this.model.create({
        _id: commandId,
        command: JSON.stringify(command),
        status: record.status,
        claimedAt: record.claimedAt,
      });
      return { claimed: true, record };
    } catch (error) {
      // The unique _id decides between concurrent claims; the loser reads the winner's record.
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.get(commandId);
      if (!existing) throw new Error(`command ${commandId} vanished right after a lost claim`);
      return { claimed: false, record: existing };
    }
  }

  async complete(commandId: string, result: Record<string, unknown>): Promise<CompleteOutcome> {
    const updated = await this.model
      .findOneAndUpdate(
        { _id: commandId, status: 'claimed' },
        {
          $set: {
            status: 'completed',
            completedAt: this.now().toISOString(),
            result: JSON.stringify(result),
          },
        },
        { returnDocument: 'after' },
      )
      .lean<CommandDocument>();
    if (updated) return { outcome: 'completed', record: recordOf(updated) };
    const existing = await this.get(commandId);
    return existing ? { outcome: 'conflict', record: existing } : { outcome: 'not-found' };
  }

  async get(commandId: string): Promise<CommandRecord | null> {
    const document = await this.model.findById(commandId).lean<CommandDocument>();
    return document ? recordOf(document) : null;
  }

  async purgeOlderThan(date: Date): Promise<number> {
    return (await this.model.deleteMany({ claimedAt: { $lt: date.toISOString() } })).deletedCount;
  }
}
