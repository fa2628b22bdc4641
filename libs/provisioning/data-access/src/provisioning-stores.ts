import type { Connection } from 'mongoose';
import { CommandLog } from './commands/command-log';
import { EmbeddedCommandLog } from './commands/embedded-command-log';
import { MongoCommandLog } from './commands/mongo-command-log';
import {
  EmbeddedConfigurationStore,
  EmbeddedPresetStore,
} from './documents/embedded-versioned-store';
import { MongoConfigurationStore, MongoPresetStore } from './documents/mongo-versioned-store';
import { ConfigurationStore, PresetStore } from './documents/versioned-store';
import { openProvisioningDatabase } from './embedded/provisioning-database';
import type { StoreClock } from '@acs/persistence';
import { EmbeddedSubscriberStore } from './subscribers/embedded-subscriber-store';
import { MongoSubscriberStore } from './subscribers/mongo-subscriber-store';
import { SubscriberStore } from './subscribers/subscriber-store';
import { adoptFormerTasks } from './tasks/adopt-former-tasks';
import { EmbeddedTaskStore } from './tasks/embedded-task-store';
import { MongoTaskStore } from './tasks/mongo-task-store';
import type { TaskStore } from './tasks/task-store';

/** Provisioning's durable stores, opened together on one backend. */
export interface ProvisioningStores {
  configurations: ConfigurationStore;
  presets: PresetStore;
  subscribers: SubscriberStore;
  commands: CommandLog;
  tasks: TaskStore;
  /** Releases what the opener opened (the SQLite file; a Mongo connection stays the caller's). */
  close(): Promise<void>;
}

export interface EmbeddedProvisioningOptions extends StoreClock {
  /** An nbi.sqlite from before tasks moved here: its tasks are moved into this file at open. */
  formerTasksFile?: string;
}

/** The five stores on one SQLite file, `<dataDir>/provisioning.sqlite`. */
export function openEmbeddedProvisioningStores(
  dataDir: string,
  options: EmbeddedProvisioningOptions = {},
): ProvisioningStores {
  const db = openProvisioningDatabase(dataDir);
  const tasks = new EmbeddedTaskStore(db, options);
  if (options.formerTasksFile !== undefined) adoptFormerTasks(db, options.formerTasksFile);
  return {
    configurations: new EmbeddedConfigurationStore(db, options),
    presets: new EmbeddedPresetStore(db, options),
    subscribers: new EmbeddedSubscriberStore(db, options),
    commands: new EmbeddedCommandLog(db, options),
    tasks,
    async close() {
      db.close();
    },
  };
}

/** The five stores on a mongoose connection the caller opened and closes. */
export async function openMongoProvisioningStores(
  connection: Connection,
  options: StoreClock = {},
): Promise<ProvisioningStores> {
  const [configurations, presets, subscribers, commands, tasks] = await Promise.all([
    MongoConfigurationStore.open(connection, options),
    MongoPresetStore.open(connection, options),
    MongoSubscriberStore.open(connection, options),
    MongoCommandLog.open(connection, options),
    MongoTaskStore.open(connection, options),
  ]);
  return {
    configurations,
    presets,
    subscribers,
    commands,
    tasks,
    // Nothing of its own to release: the connection belongs to the caller.
    close: () => Promise.resolve(),
  };
}
